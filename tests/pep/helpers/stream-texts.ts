/**
 * Long texts for the stream-redaction properties: prompts from `gatehouse/testing` that embed
 * values of every detector type (with their labels), long private keys, filler prose and random
 * strings, joined by spaces and line breaks; and ways to cut them into chunks.
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

const part = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...DETECTOR_TYPES).chain((t) => promptWith(t).map((p) => p.text)) },
  { weight: 3, arbitrary: fc.constantFrom(...PROSE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: longPrivateKey(700, 2400) },
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
