/**
 * A text policy's keywords and patterns, compiled once into one matcher.
 *
 * - Keywords are case-insensitive unless the policy sets `caseSensitive`, and match whole
 *   words (see `keyword-automaton.ts`). Thousands of them cost one linear pass.
 * - Patterns are JavaScript regex sources, compiled with `u` and `g` (and `i` unless
 *   `caseSensitive`). An invalid one is a `PolicyConfigError` at its path.
 * - The result is sorted, non-overlapping spans; overlapping matches are merged (see
 *   `merge-spans.ts`). `rule` names the keyword or pattern by its place in the policy,
 *   `keywords[3]` or `patterns[0]`, never by the matched text.
 */
import { PolicyConfigError, type ConfigIssue } from '../../errors.js';
import type { TextPolicy } from '../policy-schema.js';
import { buildKeywordSearch, type KeywordHit } from './keyword-automaton.js';
import { keywordPrefilterLiterals } from './keyword-prefilter.js';
import { mergeSpans, type RuleSpan } from './merge-spans.js';
import { leadingLiterals } from './literal-prefixes.js';
import { prefilterRegex, type PartPrefilter } from './prefilter-literals.js';
import { buildPatternSearch, type PatternHit } from './pattern-search.js';

export type { RuleSpan } from './merge-spans.js';

/** A compiled text policy: the spans of `text` its rules match. Never throws. */
export type TextRuleMatcher = (text: string) => RuleSpan[];

/**
 * A text policy's rules in parts, each pattern one part and the keyword list (if any) the last,
 * so that a caller that knows where each part can first match skips the rest.
 */
export interface CompiledTextRules {
  /**
   * The spans of `text` the rules match. With `starts` (one entry per part), part `k` is
   * searched from offset `starts[k]` on, or not at all when it is negative: the caller
   * guarantees that no match of the part starts earlier. Never throws.
   */
  readonly match: (text: string, starts?: ArrayLike<number>) => RuleSpan[];
  /**
   * Per part, literals one of which starts wherever the part can start a match (see
   * `literal-prefixes.ts` and `keyword-prefilter.ts`), or `undefined` when the part has no
   * such prefilter and must always be searched.
   */
  readonly prefilters: readonly (PartPrefilter | undefined)[];
}

/**
 * Compiles the keywords and patterns of `policy`. `path` is where the policy sits in the
 * policy set; an invalid pattern is reported at `[...path, 'patterns', i]`.
 *
 * When a pattern exhausts the regex engine on some text (catastrophic backtracking on a huge
 * input), the matcher fails closed and reports the whole text as matched by that pattern.
 *
 * @throws PolicyConfigError naming every invalid pattern or keyword.
 *
 * @example
 * ```ts
 * const match = compileTextRule(
 *   { id: 'codenames', kind: 'text', keywords: ['Project Titan'], patterns: ['\\bPRJ-\\d{4}\\b'],
 *     caseSensitive: false, action: 'redact', priority: 0, level: 'org', enabled: true },
 *   ['policies', 0],
 * );
 * match('project titan ships PRJ-0042');
 * // [{ start: 0, end: 13, rule: 'keywords[0]' }, { start: 20, end: 28, rule: 'patterns[0]' }]
 * ```
 */
export function compileTextRule(policy: TextPolicy, path: (string | number)[]): TextRuleMatcher {
  const { match } = compileTextRules(policy, path);
  return (text) => match(text);
}

/**
 * {@link compileTextRule}, in parts with their prefilters, for a policy set that searches
 * the prefilters of all its text policies in one pass.
 *
 * @throws PolicyConfigError naming every invalid pattern or keyword.
 *
 * @example
 * ```ts
 * const rules = compileTextRules({ id: 'cvv', kind: 'text', patterns: ['\\bcvv\\s*\\d{3}'], action: 'redact',
 *   priority: 0, level: 'org', enabled: true }, ['policies', 0]);
 * rules.prefilters; // [[['[\\u0063\\u0043]', '[\\u0076\\u0056]', '[\\u0076\\u0056]']]]
 * rules.match('cvv 123', [0]); // [{ start: 0, end: 7, rule: 'patterns[0]' }]
 * ```
 */
export function compileTextRules(policy: TextPolicy, path: (string | number)[]): CompiledTextRules {
  const issues: ConfigIssue[] = [];
  const keywords = policy.keywords ?? [];
  const patterns = policy.patterns ?? [];
  const caseSensitive = policy.caseSensitive === true;

  keywords.forEach((keyword, i) => {
    if (typeof keyword !== 'string' || keyword.length === 0) {
      issues.push({ path: [...path, 'keywords', i], message: 'a keyword must be a non-empty string' });
    }
  });
  const compiledPatterns = patterns.length > 0 ? buildPatternSearch(patterns, caseSensitive, [...path, 'patterns'], issues) : undefined;
  if (issues.length > 0) throw new PolicyConfigError(issues);

  const automaton = keywords.length > 0 ? buildKeywordSearch(keywords, caseSensitive) : undefined;
  const keywordLiterals = keywords.length > 0 ? keywordPrefilterLiterals(keywords, caseSensitive) : undefined;
  const prefilter = keywordLiterals === undefined ? undefined : prefilterRegex(keywordLiterals);
  const keywordNames = keywords.map((_, i) => `keywords[${i}]`);
  const patternNames = patterns.map((_, i) => `patterns[${i}]`);
  const keywordPart = patterns.length;

  const match = (text: string, starts?: ArrayLike<number>): RuleSpan[] => {
    if (typeof text !== 'string' || text.length === 0) return [];
    const spans: RuleSpan[] = [];
    if (automaton) {
      const from = starts === undefined ? 0 : starts[keywordPart]!;
      // The caller's starts come from this same prefilter; without them, it runs here.
      if (from >= 0 && (starts !== undefined || !prefilter || prefilter.test(text))) {
        const hits: KeywordHit[] = [];
        automaton(text, hits, from);
        for (const h of hits) spans.push({ start: h.start, end: h.end, rule: keywordNames[h.keyword]! });
      }
    }
    if (compiledPatterns) {
      const hits: PatternHit[] = [];
      compiledPatterns.search(text, hits, starts);
      for (const h of hits) spans.push({ start: h.start, end: h.end, rule: patternNames[h.pattern]! });
    }
    // Most texts match nothing: the fresh empty list needs no merging (or copying).
    return spans.length === 0 ? spans : mergeSpans(spans);
  };
  const prefilters: (PartPrefilter | undefined)[] = (compiledPatterns?.regexes ?? []).map(leadingLiterals);
  if (automaton) prefilters.push(keywordLiterals);
  return { match, prefilters };
}
