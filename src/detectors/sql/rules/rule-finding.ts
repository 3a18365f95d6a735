/**
 * What a rule reports: a category, a confidence and a span in the normalised text. The
 * scanner maps spans back to the caller's text and merges findings from the three readings.
 */
import type { SqlToken } from '../token-types.js';

/** Finding categories, in the order the public API lists them. */
export type RuleCategory =
  | 'union_based' | 'boolean_blind' | 'time_based' | 'error_based'
  | 'stacked_queries' | 'comment_truncation' | 'nosql_injection' | 'ldap_injection' | 'dangerous_query';

/** One rule match. `start`/`end` are offsets in the normalised text. */
export interface RuleFinding {
  category: RuleCategory;
  confidence: number;
  start: number;
  end: number;
  /** Short, fixed explanation of what matched (no user text). */
  reason: string;
}

/** Builds a finding spanning tokens `first` to `last` (inclusive). */
export function spanFinding(
  tokens: readonly SqlToken[], first: number, last: number, category: RuleCategory, confidence: number, reason: string,
): RuleFinding {
  const a = tokens[Math.max(0, Math.min(first, tokens.length - 1))]!;
  const b = tokens[Math.max(0, Math.min(Math.max(first, last), tokens.length - 1))]!;
  return { category, confidence, start: a.start, end: Math.max(a.end, b.end), reason };
}
