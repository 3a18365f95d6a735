/**
 * What counts as a word character for whole-word keyword matching.
 *
 * Letters, marks, digits and `_` in any script, so that `card` does not match inside
 * `cardholder` and a Devanagari keyword does not match inside a longer word. Scripts written
 * without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) are not
 * word characters: a keyword in them has no boundaries to find, so it matches anywhere.
 */

import { isWordChar as isAsciiWord } from '../../detectors/char-codes.js';

const WORD = /^[\p{L}\p{M}\p{N}_]$/u;
const UNSPACED_SCRIPTS = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]$/u;


/** Is the Unicode code point `cp` a word character? */
export function isWordCodePoint(cp: number): boolean {
  if (cp < 0x80) return isAsciiWord(cp);
  const ch = String.fromCodePoint(cp);
  return WORD.test(ch) && !UNSPACED_SCRIPTS.test(ch);
}

/** Is there a word character starting at UTF-16 offset `pos` of `text`? */
export function isWordCharAt(text: string, pos: number): boolean {
  if (pos < 0 || pos >= text.length) return false;
  const unit = text.charCodeAt(pos);
  if (unit < 0x80) return isAsciiWord(unit);
  return isWordCodePoint(text.codePointAt(pos)!);
}

/** Is there a word character ending just before UTF-16 offset `pos` of `text`? */
export function isWordCharBefore(text: string, pos: number): boolean {
  if (pos <= 0 || pos > text.length) return false;
  const unit = text.charCodeAt(pos - 1);
  if (unit < 0x80) return isAsciiWord(unit);
  // Step back over a whole surrogate pair so astral letters are judged as one character.
  if (unit >= 0xdc00 && unit <= 0xdfff && pos >= 2) {
    const high = text.charCodeAt(pos - 2);
    if (high >= 0xd800 && high <= 0xdbff) return isWordCodePoint(text.codePointAt(pos - 2)!);
  }
  return isWordCodePoint(unit);
}
