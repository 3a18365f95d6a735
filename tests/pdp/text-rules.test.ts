import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyConfigError } from '../../src/errors.js';
import { compileTextRule, type RuleSpan } from '../../src/pdp/conditions/text-rules.js';
import { buildKeywordSearch, type KeywordHit } from '../../src/pdp/conditions/keyword-automaton.js';
import { TextPolicySchema, type TextPolicy } from '../../src/pdp/policy-schema.js';

const policy = (fields: { keywords?: string[]; patterns?: string[]; caseSensitive?: boolean }): TextPolicy =>
  TextPolicySchema.parse({ id: 'rule', kind: 'text', action: 'redact', ...fields });
const matcher = (fields: Parameters<typeof policy>[0]) => compileTextRule(policy(fields), ['policies', 0]);
const texts = (text: string, spans: RuleSpan[]) => spans.map((s) => text.slice(s.start, s.end));

function issuesOf(fields: Parameters<typeof policy>[0], path: (string | number)[]) {
  try {
    compileTextRule(policy(fields), path);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyConfigError);
    return (e as PolicyConfigError).issues;
  }
  throw new Error('expected compileTextRule to throw');
}

describe('keywords', () => {
  it('match case-insensitively by default, with exact offsets and the keyword index as rule', () => {
    const m = matcher({ keywords: ['Project Titan', 'budget'] });
    const text = 'About PROJECT titan and the Budget.';
    expect(m(text)).toEqual([
      { start: 6, end: 19, rule: 'keywords[0]' },
      { start: 28, end: 34, rule: 'keywords[1]' },
    ]);
  });

  it('match only the exact case when caseSensitive', () => {
    const m = matcher({ keywords: ['Titan'], caseSensitive: true });
    expect(texts('titan Titan TITAN', m('titan Titan TITAN'))).toEqual(['Titan']);
  });

  it('match whole words only, at the start and end of the text and around punctuation', () => {
    const m = matcher({ keywords: ['card'] });
    const text = 'card cardholder discard (card), CARD.card_x card';
    expect(m(text).map((s) => s.start)).toEqual([0, 25, 32, 44]);
    expect(m('scorecard')).toEqual([]);
    expect(m('card_')).toEqual([]);
    expect(m('card9')).toEqual([]);
  });

  it('check a boundary only on a side where the keyword has a word character', () => {
    const plus = matcher({ keywords: ['c++'] });
    expect(texts('I write c++, c++x and abc++', plus('I write c++, c++x and abc++'))).toEqual(['c++', 'c++']);
    const tag = matcher({ keywords: ['#secret'] });
    expect(texts('a#secret #secretive #secret!', tag('a#secret #secretive #secret!'))).toEqual(['#secret', '#secret']);
    const dash = matcher({ keywords: ['--'] });
    expect(dash('a--b')).toEqual([{ start: 1, end: 3, rule: 'keywords[0]' }]);
  });

  it('treat letters of every script as word characters, astral letters included', () => {
    const m = matcher({ keywords: ['müller', 'नमस्ते'] });
    expect(texts('Herr MÜLLER, MÜLLERs', m('Herr MÜLLER, MÜLLERs'))).toEqual(['MÜLLER']);
    expect(m('नमस्तेजी')).toEqual([]);
    expect(texts('कहो नमस्ते।', m('कहो नमस्ते।'))).toEqual(['नमस्ते']);
    const card = matcher({ keywords: ['card'] });
    expect(card('𝐀card')).toEqual([]);
    expect(card('😀card')).toEqual([{ start: 2, end: 6, rule: 'keywords[0]' }]);
  });

  it('match keywords of unspaced scripts anywhere', () => {
    const m = matcher({ keywords: ['机密', 'ลับ'] });
    expect(texts('这是机密文件ข้อมูลลับมาก', m('这是机密文件ข้อมูลลับมาก'))).toEqual(['机密', 'ลับ']);
  });

  it('keep UTF-16 offsets exact when a character lower-cases to two code units', () => {
    const m = matcher({ keywords: ['secret'] });
    const text = 'İİ SECRET İ';
    expect(m(text)).toEqual([{ start: 3, end: 9, rule: 'keywords[0]' }]);
  });

  it('merge overlapping keywords into one span and keep touching ones apart', () => {
    const m = matcher({ keywords: ['new york', 'york city', 'city'] });
    expect(m('new york city')).toEqual([{ start: 0, end: 13, rule: 'keywords[0]' }]);
    const n = matcher({ keywords: ['a-', '-b'] });
    expect(n('a--b')).toEqual([{ start: 0, end: 2, rule: 'keywords[0]' }, { start: 2, end: 4, rule: 'keywords[1]' }]);
  });

  it('prefer the longest keyword at a position, and fall back to a shorter one whose boundary holds', () => {
    const m = matcher({ keywords: ['ab', 'b cd', 'cd'] });
    // "b cd" starts inside the word "ab", so only "ab" and "cd" match.
    expect(texts('ab cd', m('ab cd'))).toEqual(['ab', 'cd']);
    expect(m('xab cd')).toEqual([{ start: 4, end: 6, rule: 'keywords[2]' }]);
    const dup = matcher({ keywords: ['Key', 'KEY', 'key'] });
    expect(dup('a key')).toEqual([{ start: 2, end: 5, rule: 'keywords[0]' }]);
  });
});

describe('patterns', () => {
  it('report every match with the pattern index, case-insensitive unless caseSensitive', () => {
    const m = matcher({ patterns: ['\\bPRJ-\\d{4}\\b', 'x+'] });
    const text = 'prj-0042 and PRJ-1234 xx';
    expect(m(text)).toEqual([
      { start: 0, end: 8, rule: 'patterns[0]' },
      { start: 13, end: 21, rule: 'patterns[0]' },
      { start: 22, end: 24, rule: 'patterns[1]' },
    ]);
    expect(texts(text, matcher({ patterns: ['PRJ-\\d+'], caseSensitive: true })(text))).toEqual(['PRJ-1234']);
  });

  it('use Unicode semantics', () => {
    const m = matcher({ patterns: ['\\p{Lu}\\p{Ll}+', '.x'] });
    expect(texts('Élan 😀x', m('Élan 😀x'))).toEqual(['Élan', '😀x']);
  });

  it('skip zero-length matches and still find the matches after them', () => {
    for (const p of ['a*', '(?:)', '\\b', '^', '$', '(?=b)', 'x?']) {
      const m = matcher({ patterns: [p] });
      const spans = m('😀baab😀 a');
      expect(spans.every((s) => s.end > s.start), p).toBe(true);
    }
    expect(texts('baab aa', matcher({ patterns: ['a*'] })('baab aa'))).toEqual(['aa', 'aa']);
  });

  it('merge keyword and pattern matches that overlap', () => {
    const m = matcher({ keywords: ['order'], patterns: ['\\d{3}-\\d{3}', 'der 12'] });
    expect(m('order 123-456 ok')).toEqual([{ start: 0, end: 13, rule: 'keywords[0]' }]);
  });

  it('report an invalid pattern at its path, every one of them', () => {
    expect(issuesOf({ patterns: ['ok', '(unclosed', '\\-', 'fine'] }, ['policies', 2])).toEqual([
      { path: ['policies', 2, 'patterns', 1], message: expect.stringContaining('invalid regular expression') },
      { path: ['policies', 2, 'patterns', 2], message: expect.stringContaining('invalid regular expression') },
    ]);
  });

  it('fail closed when the regex engine gives up on a text: the whole text matches', () => {
    const m = matcher({ patterns: ['^(?:(a)|(b))*$'] });
    const text = 'ab'.repeat(4_000_000);
    expect(m(text)).toEqual([{ start: 0, end: text.length, rule: 'patterns[0]' }]);
    // The pattern still works afterwards.
    expect(m('abab')).toEqual([{ start: 0, end: 4, rule: 'patterns[0]' }]);
  });
});

describe('matcher', () => {
  it('returns nothing for empty text, a policy without rules, and non-strings', () => {
    expect(matcher({ keywords: ['a'] })('')).toEqual([]);
    expect(matcher({})('anything')).toEqual([]);
    expect(matcher({ keywords: ['a'] })(42 as unknown as string)).toEqual([]);
  });

  it('returns sorted, non-overlapping spans inside the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '-', 'é'), minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        fc.array(fc.constantFrom('a+', 'b', 'ab?', '\\s', '(?:)', '[ab]{2}', '-'), { maxLength: 3 }),
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '-', 'é', 'A', 'B'), maxLength: 60 }),
        (keywords, patterns, text) => {
          const spans = compileTextRule(policy({ keywords, patterns }), ['p'])(text);
          let last = 0;
          for (const s of spans) {
            expect(s.start).toBeGreaterThanOrEqual(last);
            expect(s.end).toBeGreaterThan(s.start);
            expect(s.end).toBeLessThanOrEqual(text.length);
            last = s.end;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Thousands of keywords against a naive reference

/** Per-code-unit lower case, leaving units whose lower case is longer alone. */
const foldUnit = (ch: string) => {
  const lower = ch.toLowerCase();
  return lower.length === 1 ? lower : ch;
};
const fold = (s: string) => Array.from({ length: s.length }, (_, i) => foldUnit(s[i]!)).join('');
const isWord = (ch: string | undefined) =>
  ch !== undefined && /^[\p{L}\p{M}\p{N}_]$/u.test(ch) && !/^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]$/u.test(ch);
const charBefore = (s: string, i: number) => (i <= 0 ? undefined : [...s.slice(0, i)].at(-1));
const charAt = (s: string, i: number) => (i >= s.length ? undefined : String.fromCodePoint(s.codePointAt(i)!));

function naiveMatches(keywords: string[], text: string, caseSensitive: boolean): RuleSpan[] {
  const norm = caseSensitive ? (s: string) => s : fold;
  const haystack = norm(text);
  const all: RuleSpan[] = [];
  keywords.forEach((keyword, k) => {
    const needle = norm(keyword);
    for (let i = 0; i + needle.length <= haystack.length; i++) {
      if (haystack.slice(i, i + needle.length) !== needle) continue;
      const end = i + needle.length;
      if (isWord(charAt(keyword, 0)) && isWord(charBefore(text, i))) continue;
      if (isWord(charBefore(keyword, keyword.length)) && isWord(charAt(text, end))) continue;
      all.push({ start: i, end, rule: `keywords[${k}]` });
    }
  });
  all.sort((a, b) => a.start - b.start || b.end - a.end || Number(a.rule.slice(9, -1)) - Number(b.rule.slice(9, -1)));
  const merged: RuleSpan[] = [];
  for (const s of all) {
    const last = merged.at(-1);
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

describe('keywords against a naive reference', () => {
  const unit = fc.constantFrom('a', 'b', 'A', 'B', 'é', 'É', 'İ', ' ', '-', '_', '1', '中', '𝐀', '😀');
  const keywordArb = fc.string({ unit, minLength: 1, maxLength: 5 });

  it('finds the same spans with thousands of keywords on random text', () => {
    fc.assert(
      fc.property(
        fc.array(keywordArb, { minLength: 2000, maxLength: 3000 }),
        fc.string({ unit, maxLength: 400 }),
        fc.boolean(),
        (keywords, text, caseSensitive) => {
          const actual = compileTextRule(policy({ keywords, caseSensitive }), ['p'])(text);
          expect(actual).toEqual(naiveMatches(keywords, text, caseSensitive));
        },
      ),
      { numRuns: 12 },
    );
  });

  it('finds the same spans with a few keywords that overlap heavily', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'A', ' ', 'b'), minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        fc.string({ unit: fc.constantFrom('a', 'A', ' ', 'b', '-'), maxLength: 80 }),
        fc.boolean(),
        (keywords, text, caseSensitive) => {
          const actual = compileTextRule(policy({ keywords, caseSensitive }), ['p'])(text);
          expect(actual).toEqual(naiveMatches(keywords, text, caseSensitive));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('keyword prefilter', () => {
  it('is a superset of the automaton under the same case folding (no keyword match is ever skipped)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'B', 'k', 'K', '\u212a', 'İ', 'i', 'ß', ' ', '-', 'é', 'É') }), { minLength: 1, maxLength: 5 }),
        fc.string({ maxLength: 40, unit: fc.constantFrom('a', 'b', 'B', 'k', 'K', '\u212a', 'İ', 'i', 'I', 'ß', ' ', '-', 'é', 'É', 'x') }),
        fc.boolean(),
        (keywords, text, caseSensitive) => {
          // The compiled rule runs its prefilter before the automaton: every automaton hit must still be reported.
          const spans = compileTextRule(policy({ keywords, caseSensitive }), ['p'])(text);
          const hits: KeywordHit[] = [];
          buildKeywordSearch(keywords, caseSensitive)(text, hits);
          for (const h of hits) expect(spans.some((s) => s.start <= h.start && h.end <= s.end), `${JSON.stringify(keywords)} in ${JSON.stringify(text)}`).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
