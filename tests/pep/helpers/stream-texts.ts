/**
 * Long texts for the stream-redaction properties: prompts from `gatehouse/testing` that embed
 * values of every detector type (with their labels), long private keys (on lines, in a JSON
 * string, on one line), long JWTs, filler prose and random strings, joined by spaces and line
 * breaks; and ways to cut them into chunks.
 */
import fc from 'fast-check';
import { DETECTOR_TYPES } from '../../../src/detectors/types.js';
import { promptWith } from '../../../src/testing/index.js';

const PROSE = [
  'Hi there!', 'Thanks.', 'Sure, here is the summary of what we discussed earlier today with the team.',
  'The invoice total is 1,250.00 and it is due on Friday.', 'Call me after 5 pm. ', 'Order #4411 ships tomorrow.',
];

/** A PEM block with a body of `bytes` random bytes, in 64-column lines. */
export function longPrivateKey(minBytes: number, maxBytes: number): fc.Arbitrary<string> {
  return fc.integer({ min: minBytes, max: maxBytes }).chain((bytes) =>
    fc.noBias(fc.uint8Array({ minLength: bytes, maxLength: bytes })).map((body) => {
      const lines = Buffer.from(body).toString('base64').match(/.{1,64}/g)!;
      return `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----`;
    }),
  );
}

/** The PEM block laid out as a model may print it: line breaks, `\\n` escapes inside a JSON string, or one line with spaces. */
export function keyLayouts(key: string): fc.Arbitrary<string> {
  return fc.constantFrom(key, key.replaceAll('\n', '\\n'), key.replaceAll('\n', ' '));
}

const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** A signed-looking JWT whose payload carries `bytes` random bytes: long when `bytes` is large. */
export function longJwt(minBytes: number, maxBytes: number): fc.Arbitrary<string> {
  return fc.integer({ min: minBytes, max: maxBytes }).chain((bytes) =>
    fc.noBias(fc.tuple(fc.uint8Array({ minLength: bytes, maxLength: bytes }), fc.uint8Array({ minLength: 32, maxLength: 32 }))).map(([data, signature]) => {
      const header = base64url(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
      const payload = base64url(Buffer.from(JSON.stringify({ sub: 'user-1', data: base64url(data) })));
      return `${header}.${payload}.${base64url(signature)}`;
    }),
  );
}

/** Random letters and digits: a secret with the entropy of a generated one. */
export function randomSecret(minLength: number, maxLength: number): fc.Arbitrary<string> {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return fc.noBias(fc.array(fc.integer({ min: 0, max: alphabet.length - 1 }), { minLength, maxLength })).map((ix) => ix.map((i) => alphabet[i]).join(''));
}

/** Chunks of 1 to `max` characters, as a model's deltas come. */
export function smallChunks(text: string, max = 24): fc.Arbitrary<string[]> {
  return fc.array(fc.integer({ min: 1, max }), { minLength: 1, maxLength: 64 }).map((sizes) => {
    const chunks: string[] = [];
    for (let at = 0, i = 0; at < text.length; i++) {
      const size = sizes[i % sizes.length]!;
      chunks.push(text.slice(at, at + size));
      at += size;
    }
    return chunks;
  });
}

/** One character per chunk. */
export const singleCharacters = (text: string): string[] => Array.from({ length: text.length }, (_, i) => text[i]!);

/** Arbitrary cuts, small deltas, or one character at a time. */
export function anyChunking(text: string): fc.Arbitrary<string[]> {
  return fc.oneof(chunked(text), smallChunks(text), fc.constant(singleCharacters(text)));
}

const part = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...DETECTOR_TYPES).chain((t) => promptWith(t).map((p) => p.text)) },
  { weight: 3, arbitrary: fc.constantFrom(...PROSE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: longPrivateKey(700, 2400).chain(keyLayouts) },
  { weight: 1, arbitrary: longJwt(100, 2400).map((jwt) => `Your session token is ${jwt}.`) },
);
const separator = fc.constantFrom(' ', '\n', '\n\n', ' ', '. ');

/** Texts of a few hundred to several thousand characters, long enough to be cut into several segments. */
export function streamText(minParts = 8, maxParts = 40): fc.Arbitrary<string> {
  return fc.array(fc.tuple(part, separator), { minLength: minParts, maxLength: maxParts }).map((parts) => parts.map(([p, s]) => p + s).join(''));
}

/** `text` cut at arbitrary offsets (possibly inside a surrogate pair, possibly into empty chunks). */
export function chunked(text: string): fc.Arbitrary<string[]> {
  return fc.array(fc.nat({ max: text.length }), { maxLength: 40 }).map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    return [0, ...sorted].map((c, i, all) => text.slice(c, all[i + 1] ?? text.length));
  });
}

/** A text and a chunking of it. */
export function chunkedText(minParts?: number, maxParts?: number): fc.Arbitrary<{ text: string; chunks: string[] }> {
  return streamText(minParts, maxParts).chain((text) => chunked(text).map((chunks) => ({ text, chunks })));
}
