/**
 * Values that the edge of what the engine reads may cut short. The engine reads a window of the
 * stream (the lookahead of a candidate cut, or the first `window` characters at a forced cut); a
 * JWT or a private-key block that goes on past its edge is seen in part, and a part can look
 * like no value at all, or score lower than the whole value. These rules tell, from the text
 * alone, which values may go on, and complete a cut-short value so that the engine judges it by
 * the policy as it would judge it whole.
 */
import { detect } from '../../detectors/detect.js';
import type { DetectorType } from '../../detectors/types.js';

/** A stretch of the window holding one value. */
export interface Span {
  type: DetectorType;
  start: number;
  end: number;
}

/** What the engine is given for a text that the edge ends, and how much of that text it holds. */
export interface EdgeReading {
  /** The text to give the engine. */
  text: string;
  /** How many characters of the original text it starts with: the rest of it is an added ending. */
  edge: number;
}

/**
 * What to give the engine for `text`, which the edge ends: `text` itself, or, when the edge cuts a
 * JWT or a private-key block short, its readable part (see {@link readableLength}, never shorter
 * than `keep`) with an ending that makes the value whole: an empty signature for a JWT, an END
 * line for a key block. The engine then reports the value (a key block at its full score, not the
 * lower one of a block without its END line) if, and only if, the policy would report it whole.
 *
 * @example
 * ```ts
 * completedAtEdge('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn');
 * // { text: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn.', edge: 41 }
 * completedAtEdge('-----BEGIN PRIVATE KEY-----\nMIIE…\n-----EN');
 * // { text: '-----BEGIN PRIVATE KEY-----\nMIIE…\n\n-----END PRIVATE KEY-----', edge: 35 }
 * ```
 */
export function completedAtEdge(text: string, keep = 0): EdgeReading {
  const readable = text.slice(0, Math.max(keep, readableLength(text)));
  if (keyBlocks(readable).some((k) => mayContinue(readable, k))) return { text: `${readable}\n${KEY_COMPLETION}`, edge: readable.length };
  return { text: text + completeCutJwt(text), edge: text.length };
}

/**
 * Can the value of `span` go on past the edge of `window`? A key block can, unless its END line
 * closed it, when its body runs to the edge (see {@link OPEN_KEY_TAIL}). Any other value can when
 * it runs to the edge: a detector stops a value at the first character that cannot belong to it.
 */
export function mayContinue(window: string, span: Span): boolean {
  if (span.type !== 'private_key') return span.end >= window.length;
  return OPEN_KEY_TAIL.test(window.slice(span.end)) && !TERMINATED.test(window.slice(span.start, span.end));
}

/** The END line appended to a key block cut short; the detector accepts any END line. */
const KEY_COMPLETION = '-----END PRIVATE KEY-----';

/** The start of an END line, short of its closing dashes (`-----END RSA PRIV`). */
const PARTIAL_FOOTER = /-{1,5}(?:E(?:N(?:D(?: [A-Z0-9 ]{0,40}-{0,4})?)?)?)?/.source;

/**
 * What may be an unfinished line of a key block at the edge, and that the detector would not read
 * as body: a lone backslash (a `\n` escape cut in two), or the start of an END line after a line
 * break or a space.
 */
const UNFINISHED_LINE = new RegExp(`(?:(?<!\\\\)\\\\|(?<=^|\\s|\\\\n)${PARTIAL_FOOTER})$`);

/**
 * How much of `text` the detector can read as it would read it whole: all of it but what may be
 * an unfinished key line (see {@link UNFINISHED_LINE}). A key printed on one line (spaces for line
 * breaks) whose END line the edge cuts in two would otherwise not be read as a key at all.
 */
function readableLength(text: string): number {
  // Only the end can match: read the longest unfinished line and the character before it.
  const from = Math.max(0, text.length - UNFINISHED_LINE_MAX - 2);
  const unfinished = UNFINISHED_LINE.exec(text.slice(from));
  return unfinished === null ? text.length : from + unfinished.index;
}

/** Longest match of {@link UNFINISHED_LINE}: five dashes, `END `, 40 characters, four dashes. */
const UNFINISHED_LINE_MAX = 5 + 4 + 40 + 4;

/** Every private-key block the detector sees in `text`, at any confidence, read up to its readable length. */
function keyBlocks(text: string): Span[] {
  // Nearly every text has none: skip the detector unless a BEGIN line may be there.
  if (!text.includes('PRIVATE KEY')) return [];
  return detect(text.slice(0, readableLength(text)), { types: ['private_key'], minConfidence: 0 });
}

/**
 * What may follow a key body that goes on past the edge: spacing (white space, or a JSON string's
 * `\n`, `\r`, `\t` escapes, or a lone backslash), then perhaps the start of its END line.
 */
const OPEN_KEY_TAIL = new RegExp(`^(?:\\s|\\\\[nrt]?)*(?:${PARTIAL_FOOTER})?$`);
/** A private-key block that ends in its END line is complete. */
const TERMINATED = /-----END [A-Z0-9 ]{1,40}-----$/;

/** A base64url character (`A–Z a–z 0–9 - _`): what a JWT's three parts are made of. */
export const isBase64Url = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
/** `.`, between a JWT's parts. */
export const DOT = 46;

/** The `jwt` detector's shape of a payload: `ey` and at least two more characters. */
const PAYLOAD = /^ey[A-Za-z0-9_-]{2,}$/;

/**
 * `'.'` when `text` ends inside a JWT's payload (`eyJ….eyJ…`, no second dot yet): an empty
 * signature makes it a whole JWT to the detector. `''` otherwise (with both dots, the detector
 * reads it already). Linear: only the run of base64url characters and dots at the end is read.
 */
function completeCutJwt(text: string): string {
  let runStart = text.length;
  while (runStart > 0 && (isBase64Url(text.charCodeAt(runStart - 1)) || text.charCodeAt(runStart - 1) === DOT)) runStart--;
  const run = text.slice(runStart);
  const lastDot = run.lastIndexOf('.');
  if (lastDot === -1 || !PAYLOAD.test(run.slice(lastDot + 1))) return '';
  const header = run.slice(run.lastIndexOf('.', lastDot - 1) + 1, lastDot);
  const at = header.indexOf('eyJ');
  return at !== -1 && header.length - at >= 5 ? '.' : '';
}
