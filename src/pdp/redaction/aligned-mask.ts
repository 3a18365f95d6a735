/**
 * Length-preserving rewriting for the `mask` and `partial` styles: every character is either
 * kept or replaced by `*`, so offsets still line up with the original. Content is counted in
 * code points (a masked astral character becomes `**`, one star per UTF-16 unit, and a
 * surrogate pair is never split); layout characters (see `isLayoutChar`) are always kept.
 */
import { isLayoutChar, type RedactionType } from './redaction-type.js';

/** The character that replaces hidden content. */
export const MASK_CHAR = '*';

/**
 * Decides whether one content character is revealed.
 * `index` counts content characters from 0; `count` is how many there are; `offset` is the
 * character's UTF-16 offset in the value.
 */
export type RevealPredicate = (index: number, count: number, offset: number) => boolean;

/** How many content (non-layout) code points `value` has. */
export function contentLength(value: string, type: RedactionType): number {
  let n = 0;
  for (let i = 0; i < value.length; i += codePointWidth(value, i)) {
    if (!isLayoutChar(type, value.charCodeAt(i))) n++;
  }
  return n;
}

/**
 * `value` with every content character that `reveal` rejects replaced by `*`, and
 * `revealed`, the number of content characters kept.
 */
export function maskWhere(value: string, type: RedactionType, reveal: RevealPredicate): { text: string; revealed: number } {
  const count = contentLength(value, type);
  let out = '';
  let index = 0;
  let revealed = 0;
  for (let i = 0; i < value.length; ) {
    const width = codePointWidth(value, i);
    const ch = value.slice(i, i + width);
    if (isLayoutChar(type, value.charCodeAt(i))) out += ch;
    else {
      if (reveal(index, count, i)) {
        out += ch;
        revealed++;
      } else out += MASK_CHAR.repeat(width);
      index++;
    }
    i += width;
  }
  return { text: out, revealed };
}

/** 2 for a surrogate pair starting at `i`, else 1. */
export function codePointWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}
