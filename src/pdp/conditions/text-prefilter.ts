/**
 * One search for the prefilters of many text-rule parts (see `text-rules.ts`), telling for
 * each part the first offset where it can match, or that it cannot match at all.
 *
 * Running every pattern of every text policy over every string costs a pass over the text per
 * pattern, and most texts match none of them. The prefilters (leading literals and keyword
 * lists) are joined into one alternation, so a text costs one pass: each occurrence it finds
 * is attributed to the parts whose own prefilter matches right there (an anchored, sticky
 * test), until every part is placed or the text ends.
 */

import { trieAlternation, type PartPrefilter } from './prefilter-literals.js';

/**
 * Occurrences attributed before the search gives up narrowing (a text made of one literal
 * repeated would otherwise cost a test per character): the parts not placed by then may
 * start anywhere from there.
 */
const MAX_OCCURRENCES = 64;

/**
 * For each part, in order: the first offset where it can match, or -1 where it cannot match.
 * A plain array: a small typed array costs several times more to create, once per string.
 */
export type FirstOffsets = number[];

/** Searches the prefilters of a fixed list of parts. */
export interface TextPrefilter {
  /**
   * The first offset in `text` where each part's prefilter matches, or -1 where it matches
   * nowhere. `undefined` when the regex engine gave up: then nothing is known.
   */
  firstOffsets(text: string): FirstOffsets | undefined;
}

/**
 * A prefilter over the prefilters of `parts`; each literal must be non-empty.
 *
 * @example
 * ```ts
 * const prefilter = buildTextPrefilter([[['c', 'v', 'v']], [['m', 'r', 'n']]]);
 * prefilter.firstOffsets('MRN 123, mrn 456'); // [-1, 9]
 * ```
 */
export function buildTextPrefilter(parts: readonly PartPrefilter[]): TextPrefilter {
  const any = new RegExp(trieAlternation(parts.flat()), 'g');
  const at = parts.map((literals) => new RegExp(trieAlternation(literals), 'y'));
  const search = (text: string, out: FirstOffsets): void => {
    let unplaced = parts.length;
    any.lastIndex = 0;
    for (let seen = 0; unplaced > 0; seen++) {
      const m = any.exec(text);
      if (m === null) return;
      const i = m.index;
      if (seen === MAX_OCCURRENCES) {
        for (let k = 0; k < out.length; k++) if (out[k] === -1) out[k] = i;
        return;
      }
      for (let k = 0; k < at.length; k++) {
        if (out[k] !== -1) continue;
        const re = at[k]!;
        re.lastIndex = i;
        if (re.test(text)) {
          out[k] = i;
          unplaced--;
        }
      }
      // Occurrences may overlap: look again from the next character.
      any.lastIndex = i + 1;
    }
  };
  return {
    firstOffsets(text) {
      const out: FirstOffsets = [];
      for (let k = 0; k < parts.length; k++) out.push(-1);
      try {
        search(text, out);
      } catch {
        return undefined;
      }
      return out;
    },
  };
}
