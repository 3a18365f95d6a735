/**
 * The literal text every match of a policy author's regular expression must start with, so a
 * cheap literal search can rule the expression out before it runs.
 *
 * `\b(?:cvv2?|card\s+code)\s*(?<value>\d{3,4})` can only match where `cvv` or `card` begins
 * (in any case, under `i`): those are its leading literals. The analysis reads the source
 * once, skips zero-width assertions (`\b`, `^`, lookarounds), follows literal characters,
 * groups, alternatives and quantifiers, and stops at anything else (a class, an escape such
 * as `\d`, a non-ASCII character). The answer only ever over-approximates: wherever the
 * expression matches, one of its leading literals starts there. When that cannot be said
 * with literals of at least {@link MIN_LITERAL_LENGTH} characters, there is no answer.
 */

import { unitEscape, unitsAtom, type PartPrefilter } from './prefilter-literals.js';

/** Shorter literals occur nearly everywhere: not worth a prefilter. */
export const MIN_LITERAL_LENGTH = 2;
/** More alternatives than this make the literal search as slow as the expression itself. */
const MAX_LITERALS = 64;

/** Possible starts of a match: literal strings, and whether a match is exactly one of them. */
interface Prefix {
  literals: string[];
  /** The node matches exactly one of `literals` and nothing more, so what follows may extend them. */
  complete: boolean;
}

const EMPTY: Prefix = { literals: [''], complete: true };

function concat(a: Prefix | null, b: () => Prefix | null): Prefix | null {
  if (a === null) return null;
  if (!a.complete) return a;
  const next = b();
  if (next === null) return { literals: a.literals, complete: false };
  if (a.literals.length * next.literals.length > MAX_LITERALS) return { literals: a.literals, complete: false };
  const literals: string[] = [];
  for (const x of a.literals) for (const y of next.literals) literals.push(x + y);
  return { literals, complete: next.complete };
}

function union(a: Prefix | null, b: Prefix | null): Prefix | null {
  if (a === null || b === null) return null;
  if (a.literals.length + b.literals.length > MAX_LITERALS) return null;
  return { literals: [...a.literals, ...b.literals], complete: a.complete && b.complete };
}

const incomplete = (p: Prefix | null): Prefix | null => (p === null ? null : { literals: p.literals, complete: false });

/** A term of a sequence: zero-width, or an atom with its repetition bounds. */
type Term = { kind: 'assertion' } | { kind: 'atom'; prefix: Prefix | null; min: number; max: number };

/** ASCII punctuation that `\` turns into itself. */
const IDENTITY_ESCAPES = new Set('^$\\.*+?()[]{}|/-,:;!@#%&=<>\'"`~_ '.split(''));
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', v: '\v', f: '\f', r: '\r' };

class PrefixParser {
  private pos = 0;

  constructor(private readonly source: string) {}

  /** The prefix of the whole source; `null` when there is none (or the source is not understood). */
  parse(): Prefix | null {
    const result = this.disjunction();
    return this.pos === this.source.length ? result : null;
  }

  private disjunction(): Prefix | null {
    let result: Prefix | null = this.alternative();
    while (this.source[this.pos] === '|') {
      this.pos++;
      result = union(result, this.alternative());
    }
    return result;
  }

  private alternative(): Prefix | null {
    const terms: Term[] = [];
    for (;;) {
      const c = this.source[this.pos];
      if (c === undefined || c === '|' || c === ')') break;
      terms.push(this.term());
    }
    return this.sequence(terms, 0, new Map());
  }

  /**
   * The prefix of `terms[from..]`. Every term is already parsed, so this never reads the
   * source; `memo` keeps a run of optional terms from being explored once per combination.
   */
  private sequence(terms: readonly Term[], from: number, memo: Map<number, Prefix | null>): Prefix | null {
    if (memo.has(from)) return memo.get(from)!;
    const result = this.sequenceUncached(terms, from, memo);
    memo.set(from, result);
    return result;
  }

  private sequenceUncached(terms: readonly Term[], from: number, memo: Map<number, Prefix | null>): Prefix | null {
    for (let i = from; i < terms.length; i++) {
      const term = terms[i]!;
      // Assertions consume nothing; ignoring what they require only widens the answer.
      if (term.kind === 'assertion') continue;
      const rest = () => this.sequence(terms, i + 1, memo);
      if (term.min === 0) {
        // Optional: the match starts with the atom, or with whatever follows it.
        const taken = term.max === 1 ? concat(term.prefix, rest) : incomplete(term.prefix);
        return union(taken, rest());
      }
      if (term.min === 1 && term.max === 1) return concat(term.prefix, rest);
      return incomplete(term.prefix);
    }
    return EMPTY;
  }

  private term(): Term {
    const c = this.source[this.pos]!;
    if (c === '^' || c === '$') {
      this.pos++;
      return this.quantified({ kind: 'assertion' });
    }
    if (c === '\\' && (this.source[this.pos + 1] === 'b' || this.source[this.pos + 1] === 'B')) {
      this.pos += 2;
      return this.quantified({ kind: 'assertion' });
    }
    if (c === '(') return this.quantified(this.group());
    if (c === '[') {
      this.skipClass();
      return this.quantified({ kind: 'atom', prefix: null, min: 1, max: 1 });
    }
    if (c === '\\') return this.quantified({ kind: 'atom', prefix: this.escape(), min: 1, max: 1 });
    this.pos++;
    const literal = c !== '.' && c.charCodeAt(0) < 0x80;
    return this.quantified({ kind: 'atom', prefix: literal ? { literals: [c], complete: true } : null, min: 1, max: 1 });
  }

  private group(): Term {
    const s = this.source;
    this.pos++; // (
    let assertion = false;
    if (s[this.pos] === '?') {
      const next = s[this.pos + 1];
      if (next === ':') this.pos += 2;
      else if (next === '=' || next === '!') {
        this.pos += 2;
        assertion = true;
      } else if (next === '<' && (s[this.pos + 2] === '=' || s[this.pos + 2] === '!')) {
        this.pos += 3;
        assertion = true;
      } else if (next === '<') {
        const close = s.indexOf('>', this.pos);
        if (close < 0) throw new SyntaxError('unterminated group name');
        this.pos = close + 1;
      } else throw new SyntaxError('unknown group');
    }
    const inner = this.disjunction();
    if (s[this.pos] !== ')') throw new SyntaxError('unterminated group');
    this.pos++;
    return assertion ? { kind: 'assertion' } : { kind: 'atom', prefix: inner, min: 1, max: 1 };
  }

  /** An escape outside a class; the pointer is on the `\`. Only single-character escapes can be literals. */
  private escape(): Prefix | null {
    const next = this.source[this.pos + 1];
    this.pos += 2;
    if (next === undefined) throw new SyntaxError('trailing backslash');
    if (IDENTITY_ESCAPES.has(next)) return { literals: [next], complete: true };
    const control = CONTROL_ESCAPES[next];
    if (control !== undefined) return { literals: [control], complete: true };
    // `\d`, `\w`, `\p{…}`, `\u…`, `\x…`, back-references and the rest: not a literal. Whatever
    // they span after these two characters holds no `(`, `)`, `|` or `[`, so the structure
    // read from here on stays right; the atom's prefix is unknown anyway.
    return null;
  }

  private skipClass(): void {
    const s = this.source;
    this.pos++; // [
    while (this.pos < s.length && s[this.pos] !== ']') this.pos += s[this.pos] === '\\' ? 2 : 1;
    if (this.pos >= s.length) throw new SyntaxError('unterminated class');
    this.pos++; // ]
  }

  /** Reads an optional quantifier after `term`. */
  private quantified(term: Term): Term {
    const s = this.source;
    const c = s[this.pos];
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Infinity;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.pos));
      // Outside `u` mode a brace that starts no quantifier is a literal brace.
      if (!m) return term;
      this.pos += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else return term;
    if (s[this.pos] === '?') this.pos++; // lazy
    return term.kind === 'assertion' ? term : { kind: 'atom', prefix: term.prefix, min, max };
  }
}

/** Code units that match an ASCII letter under `i` with `u` besides its two cases (simple case folding). */
const UNICODE_FOLDS: Readonly<Record<string, number>> = { k: 0x212a, s: 0x17f };

/** One literal as prefilter atoms, matching every string the literal matches under the expression's flags. */
function literalAtoms(literal: string, ignoreCase: boolean, unicode: boolean): string[] {
  const atoms: string[] = [];
  for (const ch of literal) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (!ignoreCase || lower === upper) {
      atoms.push(unitEscape(ch.charCodeAt(0)));
      continue;
    }
    const fold = unicode ? UNICODE_FOLDS[lower] : undefined;
    atoms.push(unitsAtom(fold === undefined ? [lower.charCodeAt(0), upper.charCodeAt(0)] : [lower.charCodeAt(0), upper.charCodeAt(0), fold]));
  }
  return atoms;
}

/**
 * The leading literals of `re`, as prefilter literals that match them under `re`'s flags:
 * wherever `re` can start a match, one of them starts. `undefined` when `re` has none of at
 * least {@link MIN_LITERAL_LENGTH} characters.
 *
 * @example
 * ```ts
 * leadingLiterals(/\bcvv2?\s*\d{3}/gi); // [['[\\u0063\\u0043]', '[\\u0076\\u0056]', '[\\u0076\\u0056]']]
 * leadingLiterals(/\d{3}-\d{4}/g);      // undefined
 * ```
 */
export function leadingLiterals(re: RegExp): PartPrefilter | undefined {
  let prefix: Prefix | null;
  try {
    prefix = new PrefixParser(re.source).parse();
  } catch {
    return undefined;
  }
  if (prefix === null) return undefined;
  if (prefix.literals.some((l) => l.length < MIN_LITERAL_LENGTH)) return undefined;
  // A literal that extends another adds nothing: `cvv` already finds every `cvv2`.
  const sorted = [...new Set(prefix.literals)].sort();
  const literals = sorted.filter((l, i) => !sorted.slice(0, i).some((shorter) => l.startsWith(shorter)));
  return literals.map((l) => literalAtoms(l, re.ignoreCase, re.unicode));
}
