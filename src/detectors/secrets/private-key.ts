/**
 * PEM and PGP private keys: `-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE
 * KEY( BLOCK)?-----`, the body, and the `-----END …-----` line. The whole block is reported.
 *
 * - A terminated block whose body is key-shaped (base64 lines, optional `Name: value` headers
 *   such as `Proc-Type: 4,ENCRYPTED`) is reported at 0.99. A body of fewer than 64 base64
 *   characters is a placeholder or a fragment (`…`, `MIIEpAIB...`): 0.3, below the default.
 * - A BEGIN line without its END (a key cut off by a paste limit) is reported from BEGIN through
 *   the last body line at 0.8, when the body holds at least 64 base64 characters.
 *
 * Bodies may use real newlines, literal `\n` escapes (a key inside a JSON string), or spaces
 * (a key flattened onto one line).
 *
 * Linear time: BEGIN and END are found with `indexOf`, never by a regex over the body; the
 * position of the next END is remembered, so `-----BEGIN ` repeated without an END costs one
 * search, and each body is read at most twice (once as a closed block, once as an open one).
 */
import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { EXAMPLE_CONTEXT } from './example-keys.js';

/** Searched without the dashes: `indexOf` is fastest from a rare first character (`B`, `E`). */
const BEGIN = 'BEGIN ';
const END = 'END ';
const DASHES = '-----';
const HEADER = /-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/y;
const FOOTER = /-----END [A-Z0-9 ]{1,40}-----/y;

/** A body shorter than this is not a key: the smallest common one, Ed25519 in PKCS#8, has 64. */
const MIN_BODY_BASE64 = 64;

const COMPLETE = 0.99;
const UNTERMINATED = 0.8;
const PLACEHOLDER = 0.3;

const WORDS: ContextWords = { negative: EXAMPLE_CONTEXT };

export const privateKeyDetector: Detector = {
  name: 'private_key',
  types: ['private_key'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    let nextEnd = -2; // -2: not searched yet; -1: there is no END after the last search point
    let begin = findMarker(text, BEGIN, 0);
    while (begin !== -1) {
      HEADER.lastIndex = begin;
      const header = HEADER.exec(text);
      if (header === null) {
        begin = findMarker(text, BEGIN, begin + DASHES.length + BEGIN.length);
        continue;
      }
      const bodyStart = begin + header[0].length;
      const nextBegin = findMarker(text, BEGIN, bodyStart);
      if (nextEnd !== -1 && nextEnd < bodyStart) nextEnd = findMarker(text, END, bodyStart);

      let resumeAt = bodyStart;
      const terminated = nextEnd !== -1 && (nextBegin === -1 || nextEnd < nextBegin);
      const footerEnd = terminated ? footerEndAt(text, nextEnd) : -1;
      const closed = footerEnd === -1 ? undefined : scanBody(text, bodyStart, nextEnd);
      if (closed !== undefined && closed.complete) {
        report(text, begin, footerEnd, closed.base64 >= MIN_BODY_BASE64 ? COMPLETE : PLACEHOLDER, out);
        resumeAt = footerEnd;
      } else {
        const open = scanBody(text, bodyStart, nextBegin === -1 ? text.length : nextBegin);
        if (open.base64 >= MIN_BODY_BASE64) report(text, begin, open.end, UNTERMINATED, out);
      }
      begin = nextBegin === -1 || nextBegin >= resumeAt ? nextBegin : findMarker(text, BEGIN, resumeAt);
    }
  },
};

/** Start of the next `-----BEGIN ` or `-----END ` (`word` without its dashes) at or after `from`, or -1. */
function findMarker(text: string, word: string, from: number): number {
  for (let p = text.indexOf(word, from + DASHES.length); p !== -1; p = text.indexOf(word, p + 1)) {
    if (text.startsWith(DASHES, p - DASHES.length)) return p - DASHES.length;
  }
  return -1;
}

function report(text: string, start: number, end: number, base: number, out: Candidate[]): void {
  out.push({ type: 'private_key', start, end, confidence: scoreConfidence(base, readContext(text, start, end, WORDS)) });
}

/** End of the `-----END …-----` line starting at `at`, or -1 when it is malformed. */
function footerEndAt(text: string, at: number): number {
  FOOTER.lastIndex = at;
  const m = FOOTER.exec(text);
  return m === null ? -1 : at + m[0].length;
}

interface BodyScan {
  /** True when every line up to the limit was a body, header or blank line. */
  complete: boolean;
  /** Base64 characters in the body lines. */
  base64: number;
  /** End of the last body line (trailing spaces excluded); the body start when there is none. */
  end: number;
}

const isBase64Char = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61;

const BACKSLASH = 92;
/** Shortest space-separated chunk accepted before the last one on a body line. */
const MIN_CHUNK = 16;

/**
 * Reads key-body lines from `from` up to `limit`, stopping at the first line that is none of:
 * base64 (chunks of 16+ base64 characters separated by spaces, the last one shorter), blank, or — before the base64 starts — an
 * armor header containing `:`. Lines end at a newline or a literal `\n`; a literal `\r` counts
 * as a space. Reads each character once.
 */
function scanBody(text: string, from: number, limit: number): BodyScan {
  let i = from;
  let base64 = 0;
  let end = from;
  let inBody = false;
  while (i < limit) {
    let lineBase64 = 0;
    let other = 0;
    let colon = false;
    let lastBase64End = -1;
    // A flattened key separates long base64 chunks with spaces; prose has short words.
    let wordLength = 0;
    let wordEnded = false;
    let shortInnerWord = false;
    let j = i;
    let sepLength = 0;
    while (j < limit) {
      const c = text.charCodeAt(j);
      if (c === 10) {
        sepLength = 1;
        break;
      }
      let width = 1;
      if (c === BACKSLASH) {
        const n = text.charCodeAt(j + 1);
        if (n === 110 /* n */) {
          sepLength = 2;
          break;
        }
        if (n === 114 /* r */) width = 2;
      }
      if (width === 1 && isBase64Char(c)) {
        if (wordEnded) {
          if (wordLength < MIN_CHUNK) shortInnerWord = true;
          wordEnded = false;
          wordLength = 0;
        }
        wordLength++;
        lineBase64++;
        lastBase64End = j + 1;
      } else if (width === 2 || c === 32 || c === 9 || c === 13) {
        if (wordLength > 0) wordEnded = true;
      } else if (c === 58 /* : */) colon = true;
      else other++;
      j += width;
    }
    if (lineBase64 > 0 && other === 0 && !colon && !shortInnerWord) {
      inBody = true;
      base64 += lineBase64;
      end = lastBase64End;
    } else if (colon && !inBody) {
      // An armor header (`Proc-Type: 4,ENCRYPTED`, `Version: GnuPG v2`): part of the block.
    } else if (lineBase64 > 0 || other > 0 || colon) {
      return { complete: false, base64, end };
    }
    i = j + sepLength;
    if (sepLength === 0) break;
  }
  return { complete: true, base64, end };
}
