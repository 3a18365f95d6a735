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
import { buildKeywordPrefilter } from './keyword-prefilter.js';
import { mergeSpans, type RuleSpan } from './merge-spans.js';
import { buildPatternSearch, type PatternHit } from './pattern-search.js';

export type { RuleSpan } from './merge-spans.js';

/** A compiled text policy: the spans of `text` its rules match. Never throws. */
export type TextRuleMatcher = (text: string) => RuleSpan[];

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
  const issues: ConfigIssue[] = [];
  const keywords = policy.keywords ?? [];
  const patterns = policy.patterns ?? [];
  const caseSensitive = policy.caseSensitive === true;

  keywords.forEach((keyword, i) => {
    if (typeof keyword !== 'string' || keyword.length === 0) {
      issues.push({ path: [...path, 'keywords', i], message: 'a keyword must be a non-empty string' });
    }
  });
  const searchPatterns = patterns.length > 0 ? buildPatternSearch(patterns, caseSensitive, [...path, 'patterns'], issues) : undefined;
  if (issues.length > 0) throw new PolicyConfigError(issues);

  const automaton = keywords.length > 0 ? buildKeywordSearch(keywords, caseSensitive) : undefined;
  const prefilter = keywords.length > 0 ? buildKeywordPrefilter(keywords, caseSensitive) : undefined;
  const searchKeywords: typeof automaton = automaton && prefilter
    ? (text, out) => { if (prefilter.test(text)) automaton(text, out); }
    : automaton;
  const keywordNames = keywords.map((_, i) => `keywords[${i}]`);
  const patternNames = patterns.map((_, i) => `patterns[${i}]`);

  return (text) => {
    if (typeof text !== 'string' || text.length === 0) return [];
    const spans: RuleSpan[] = [];
    if (searchKeywords) {
      const hits: KeywordHit[] = [];
      searchKeywords(text, hits);
      for (const h of hits) spans.push({ start: h.start, end: h.end, rule: keywordNames[h.keyword]! });
    }
    if (searchPatterns) {
      const hits: PatternHit[] = [];
      searchPatterns(text, hits);
      for (const h of hits) spans.push({ start: h.start, end: h.end, rule: patternNames[h.pattern]! });
    }
    return mergeSpans(spans);
  };
}
