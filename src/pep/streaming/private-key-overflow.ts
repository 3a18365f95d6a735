/**
 * A private-key block longer than the stream redactor's longest segment cannot be held whole,
 * so it is not left to the engine: everything from its BEGIN line through its END line is
 * replaced by one marker, whatever the policy's style. This fails closed: if the END line never
 * comes, the rest of the stream is dropped.
 */

/** The BEGIN lines the `private_key` detector recognises (src/detectors/secrets/private-key.ts). */
const HEADER = /-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/g;
/** Any armor END line, as the detector reads it. */
const FOOTER = /-----END [A-Z0-9 ]{1,40}-----/g;
/** Longest END line: dashes, `END `, 40 characters, dashes. */
const FOOTER_MAX_LENGTH = 5 + 4 + 40 + 5;

/** What replaces a block that overflowed the segment limit. */
export const PRIVATE_KEY_MARKER = '[REDACTED:private_key]';

const HEADERS = ['', 'RSA ', 'EC ', 'DSA ', 'OPENSSH ', 'ENCRYPTED ', 'PGP '].flatMap((kind) =>
  [`-----BEGIN ${kind}PRIVATE KEY-----`, `-----BEGIN ${kind}PRIVATE KEY BLOCK-----`]);
const LONGEST_HEADER = Math.max(...HEADERS.map((h) => h.length));

/**
 * Where a BEGIN line that `text` ends in the middle of starts (`…-----BEGIN RSA PRIV`), or -1.
 * A forced cut there would leave a header that no later segment could recognise.
 */
export function partialHeaderAtEnd(text: string): number {
  for (let p = text.indexOf('-', Math.max(0, text.length - LONGEST_HEADER)); p !== -1; p = text.indexOf('-', p + 1)) {
    const tail = text.slice(p);
    if (HEADERS.some((h) => h.length > tail.length && h.startsWith(tail))) return p;
  }
  return -1;
}

/** Where a BEGIN line with no END line after it starts and ends in `text`, or null. */
export function findOpenPrivateKey(text: string): { start: number; bodyStart: number } | null {
  HEADER.lastIndex = 0;
  let header: RegExpExecArray | null;
  while ((header = HEADER.exec(text)) !== null) {
    const bodyStart = header.index + header[0].length;
    FOOTER.lastIndex = bodyStart;
    const footer = FOOTER.exec(text);
    if (footer === null) return { start: header.index, bodyStart };
    HEADER.lastIndex = footer.index + footer[0].length;
  }
  return null;
}

/**
 * Reads a suppressed key body as it streams in. `scan(text)` gets the held text (what is left
 * from the previous call, then the new chunk) and says how much of it to drop and whether the
 * END line was in it. The tail that could be the start of an END line is kept for the next call,
 * so an END line split across chunks is still found.
 */
export function scanSuppressed(text: string): { drop: number; done: boolean } {
  FOOTER.lastIndex = 0;
  const footer = FOOTER.exec(text);
  if (footer !== null) return { drop: footer.index + footer[0].length, done: true };
  return { drop: Math.max(0, text.length - (FOOTER_MAX_LENGTH - 1)), done: false };
}
