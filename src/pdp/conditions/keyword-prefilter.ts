import { caseFoldTable } from './case-fold.js';
import { unitsAtom, type PartPrefilter } from './prefilter-literals.js';

/** Prefilters are built only for keyword lists this small; bigger ones go straight to the automaton. */
const MAX_KEYWORDS = 256;
const MAX_TOTAL_LENGTH = 8192;

let unitsByFold: Map<number, number[]> | undefined;

/** Every code unit that folds to `folded`, under the same table the automaton uses. */
function unitsFoldingTo(folded: number): number[] {
  if (!unitsByFold) {
    const fold = caseFoldTable();
    unitsByFold = new Map();
    for (let unit = 0; unit < 0x10000; unit++) {
      const f = fold[unit]!;
      if (f === unit) continue;
      let list = unitsByFold.get(f);
      if (!list) unitsByFold.set(f, (list = []));
      list.push(unit);
    }
  }
  return [folded, ...(unitsByFold.get(folded) ?? [])];
}

/**
 * The literals of a keyword prefilter: each keyword, code unit by code unit, under exactly the
 * automaton's case folding, boundaries ignored. An expression of them (`prefilterRegex`) then
 * matches wherever the automaton can, so "no match" safely skips the automaton: V8's regex
 * engine scans text several times faster than the automaton's JavaScript loop, and most
 * texts contain no keyword at all. Undefined for lists too large to be worth it.
 */
export function keywordPrefilterLiterals(keywords: readonly string[], caseSensitive: boolean): PartPrefilter | undefined {
  const used = keywords.filter((k) => k.length > 0);
  if (used.length === 0 || used.length > MAX_KEYWORDS) return undefined;
  if (used.reduce((n, k) => n + k.length, 0) > MAX_TOTAL_LENGTH) return undefined;
  const fold = caseSensitive ? undefined : caseFoldTable();
  return used.map((k) => {
    const atoms: string[] = [];
    for (let i = 0; i < k.length; i++) {
      const unit = k.charCodeAt(i);
      atoms.push(unitsAtom(fold ? unitsFoldingTo(fold[unit]!) : [unit]));
    }
    return atoms;
  });
}
