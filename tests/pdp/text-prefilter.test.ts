import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadingLiterals } from '../../src/pdp/conditions/literal-prefixes.js';
import { trieAlternation, type PartPrefilter, type PrefilterLiteral } from '../../src/pdp/conditions/prefilter-literals.js';
import { buildTextPrefilter } from '../../src/pdp/conditions/text-prefilter.js';
import { compileTextRules } from '../../src/pdp/conditions/text-rules.js';
import { TextPolicySchema } from '../../src/pdp/policy-schema.js';
import { buildStageTextSearch, partStarts } from '../../src/pdp/policy-set/stage-text-search.js';
import { compilePolicySet } from '../../src/pdp/policy-set/compile-policy-set.js';
import { COMPLIANCE_PACKS } from '../../src/pdp/policy-schema.js';

/** The literals as plain strings, each atom read as the first code unit it names. */
const plain = (literals: PartPrefilter | undefined) =>
  literals?.map((l) => l.map((atom) => String.fromCharCode(parseInt(/\\u([0-9a-f]{4})/.exec(atom)![1]!, 16))).join(''));

/** The reference the prefilters are held to: the literals as one flat alternation, in order. */
const literalAlternation = (literals: readonly PrefilterLiteral[]) => literals.map((l) => l.join('')).join('|');

/** Offsets where `re` can start a match (tested one position at a time, sticky). */
function matchStarts(source: string, flags: string, text: string): number[] {
  const re = new RegExp(source, `${flags.replace('g', '')}y`);
  const out: number[] = [];
  for (let i = 0; i <= text.length; i++) {
    re.lastIndex = i;
    if (re.test(text)) out.push(i);
  }
  return out;
}

describe('leading literals of a pattern', () => {
  it('follow alternatives and optional parts, skip assertions, and drop literals another one starts', () => {
    expect(plain(leadingLiterals(/\b(?:cvv2?|cid|(?:card\s+)?security\s+code)\s*\d{3}/gi))).toEqual(['card', 'cid', 'cvv', 'security']);
    expect(plain(leadingLiterals(/(?<![\d.])(?=x)ab*c/g))).toEqual(['ab', 'ac']);
    expect(plain(leadingLiterals(/^(?:ab)?cd/g))).toEqual(['abcd', 'cd']);
    expect(plain(leadingLiterals(/a?bc/g))).toEqual(['abc', 'bc']);
    expect(plain(leadingLiterals(/\bmrn\s*(?<value>\d+)/gi))).toEqual(['mrn']);
    expect(plain(leadingLiterals(/PRJ-\d{4}/g))).toEqual(['PRJ-']);
  });

  it('have none when a match can start with a class, an escape, any character or a one-character literal', () => {
    expect(leadingLiterals(/(?:25[0-5]|[1-9]?\d)\.\d+/g)).toBeUndefined();
    expect(leadingLiterals(/\d{3}-\d{4}/g)).toBeUndefined();
    expect(leadingLiterals(/.ab/g)).toBeUndefined();
    expect(leadingLiterals(/ab|c/g)).toBeUndefined();
    expect(leadingLiterals(/a?b/g)).toBeUndefined();
    expect(leadingLiterals(/(a)\1/g)).toBeUndefined();
    expect(leadingLiterals(/é(?:ab)/g)).toBeUndefined();
  });

  it('match both cases under i, and the Kelvin sign and long s under i with u', () => {
    expect(leadingLiterals(/sk/gi)).toEqual([['[\\u0073\\u0053]', '[\\u006b\\u004b]']]);
    expect(leadingLiterals(/sk/giu)).toEqual([['[\\u0073\\u0053\\u017f]', '[\\u006b\\u004b\\u212a]']]);
    expect(leadingLiterals(/sk/g)).toEqual([['\\u0073', '\\u006b']]);
  });

  const patternArb = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('a', 'b', 'A', 'ab', 'ba', 'sk', 'K', '\\.', '.', '-', '[ab]', '[^a]', '\\d', '\\s', '\\w', '\\b', '\\B', '^', '$', '(?=a)', '(?!b)', '(?<=a)', '(?<!b)', 'ſ', 'é'),
      fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
      fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((parts) => parts.join('|')),
      fc.tuple(tie('node'), fc.constantFrom('(?:', '('), fc.constantFrom('', '?', '*', '+', '{2}', '{0,2}', '{1,}', '??', '*?'))
        .map(([inner, open, q]) => `${open}${inner})${q}`),
    ),
  }));

  it('start wherever the pattern can start a match (the law that makes skipping safe)', () => {
    fc.assert(
      fc.property(
        patternArb.node,
        fc.constantFrom('g', 'gi', 'gu', 'giu'),
        fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', 's', 'S', 'k', 'K', 'ſ', '\u212a', '.', '-', ' ', '1', 'é'), maxLength: 24 }),
        (source, flags, text) => {
          let re: RegExp;
          try {
            re = new RegExp(source, flags);
          } catch {
            return; // not a valid pattern under these flags: nothing to check
          }
          const literals = leadingLiterals(re);
          if (literals === undefined) return;
          const starts = new Set(matchStarts(literalAlternation(literals), '', text));
          for (const at of matchStarts(source, flags, text)) expect(starts.has(at), `${re} at ${at} of ${JSON.stringify(text)}`).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('trie alternation', () => {
  it('matches where the flat alternation matches', () => {
    expect(trieAlternation([['a', 'b'], ['a', 'c'], ['d']])).toBe('a(?:b|c)|d');
    expect(trieAlternation([['a'], ['a', 'c']])).toBe('a');
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom('a', 'b', '[cC]'), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'C'), maxLength: 20 }),
        (literals, text) => {
          expect(matchStarts(trieAlternation(literals), '', text)).toEqual(matchStarts(literalAlternation(literals), '', text));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('text prefilter', () => {
  const naiveFirst = (parts: PartPrefilter[], text: string) => parts.map((p) => matchStarts(literalAlternation(p), '', text)[0] ?? -1);

  it('gives each part its first offset, or -1 when it occurs nowhere', () => {
    const prefilter = buildTextPrefilter([[['c', 'v', 'v']], [['m', 'r', 'n']], [['m', 'r']]]);
    expect(Array.from(prefilter.firstOffsets('MRN 123, mrn 456')!)).toEqual([-1, 9, 9]);
    expect(Array.from(prefilter.firstOffsets('')!)).toEqual([-1, -1, -1]);
  });

  it('agrees with searching each part on its own', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.array(fc.constantFrom('a', 'b', '[cC]'), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'C', ' '), maxLength: 40 }),
        (parts, text) => {
          expect(Array.from(buildTextPrefilter(parts).firstOffsets(text)!)).toEqual(naiveFirst(parts, text));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never places a part after its first occurrence, even when one literal repeats past the attribution limit', () => {
    const parts: PartPrefilter[] = [[['a', 'a']], [['b', 'b']]];
    const text = `${'aa '.repeat(100)}bb`;
    const [a, b] = buildTextPrefilter(parts).firstOffsets(text)!;
    expect(a).toBe(0);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThanOrEqual(text.indexOf('bb'));
  });
});

describe('text policies searched through the stage prefilter', () => {
  const packs = compilePolicySet({ packs: [...COMPLIANCE_PACKS] }, {});
  const userPolicies = [
    { keywords: ['ignore previous instructions', 'developer mode', 'Kelvin', 'straße'], action: 'block' },
    { patterns: ['\\bproject\\s+(?:falcon|orion)\\b', '(?<value>\\d{3})-x', '\\bref[:#]\\s*\\d+'], keywords: ['internal only'], action: 'redact' },
    { patterns: ['Case(?:Sensitive)?\\d'], keywords: ['Exact'], caseSensitive: true, action: 'warn' },
  ].map((p, i) => compileTextRules(TextPolicySchema.parse({ id: `t${i}`, kind: 'text', ...p }), ['policies', i]));
  const all = [...packs.policies.filter((p) => p.kind === 'text'), ...userPolicies.map((r, i) => ({ kind: 'text' as const, ...r, id: i }))];
  const search = buildStageTextSearch(all as never)!;

  const wordArb = fc.constantFrom(
    'ignore previous instructions', 'IGNORE PREVIOUS instructions', 'developer mode', 'KELVIN', '\u212aelvin', 'STRASSE', 'straße',
    'project falcon', 'Project  Orion', 'project', '123-x', 'ref: 42', 'REF#7', 'internal only', 'CaseSensitive1', 'casesensitive1', 'Case2', 'Exact', 'exact',
    'cvv 123', 'CVC2: 9876', 'card security code 123', 'MRN: A12-3456', 'member id 7788AB', '10.0.0.1', '256.1.1.1', ' ', ', ', '\n', 'x', 'é', '😀',
  );

  it('find exactly what each policy finds on its own', () => {
    fc.assert(
      fc.property(fc.array(wordArb, { maxLength: 14 }).map((ws) => ws.join(' ')), (text) => {
        const offsets = search.prefilter.firstOffsets(text)!;
        for (const p of all) {
          const starts = partStarts(search.partsOf.get(p as never)!, offsets);
          const alone = p.match(text);
          expect(starts === null ? [] : p.match(text, starts)).toEqual(alone);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
