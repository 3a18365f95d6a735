/**
 * The literals a text-rule prefilter looks for, and the regular expressions that find them.
 *
 * A literal is a sequence of code-unit atoms, each a `\uXXXX` escape or a class of them
 * (`[\u0063\u0043]` is `c` in either case), so literals compiled under different flags and
 * case foldings meet in one flagless expression. Many literals are best searched as a trie
 * (`c(?:vv|ard)|s(?:ecurity|ubscriber)`): V8's regex engine then tests each position against
 * a few first characters instead of every literal.
 */

/** One literal: per code unit, a flagless regex atom that matches it (and its case variants). */
export type PrefilterLiteral = readonly string[];

/** Where a part of a text rule can match: only where one of these literals starts. */
export type PartPrefilter = readonly PrefilterLiteral[];

/** `\uXXXX` for a code unit. */
export function unitEscape(unit: number): string {
  return `\\u${unit.toString(16).padStart(4, '0')}`;
}

/** An atom matching any of `units` (in this order). */
export function unitsAtom(units: readonly number[]): string {
  return units.length === 1 ? unitEscape(units[0]!) : `[${units.map(unitEscape).join('')}]`;
}

/** A flagless expression that matches wherever one of `literals` starts. */
export function prefilterRegex(literals: readonly PrefilterLiteral[]): RegExp {
  return new RegExp(trieAlternation(literals));
}

interface TrieNode {
  end: boolean;
  children: Map<string, TrieNode>;
}

function alternativesOf(node: TrieNode): string[] {
  const out: string[] = [];
  for (const [atom, child] of node.children) {
    // A literal that ends here is found wherever a longer one starting the same way is.
    const rest = child.end ? [] : alternativesOf(child);
    out.push(atom + (rest.length === 0 ? '' : rest.length === 1 ? rest[0]! : `(?:${rest.join('|')})`));
  }
  return out;
}

/**
 * The literals as one alternation factored by common prefix; it matches where some literal
 * starts, though not always the same length of text as their flat alternation `ab|ac|d`.
 *
 * @example
 * ```ts
 * trieAlternation([['a', 'b'], ['a', 'c'], ['d']]); // 'a(?:b|c)|d'
 * ```
 */
export function trieAlternation(literals: readonly PrefilterLiteral[]): string {
  const root: TrieNode = { end: false, children: new Map() };
  for (const literal of literals) {
    let node = root;
    for (const atom of literal) {
      let child = node.children.get(atom);
      if (!child) node.children.set(atom, (child = { end: false, children: new Map() }));
      node = child;
    }
    node.end = true;
  }
  return alternativesOf(root).join('|');
}
