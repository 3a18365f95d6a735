// PLACEHOLDER: the SQL-injection scanner is not implemented yet.
export const SQL_CATEGORIES = [
  'union_based', 'boolean_blind', 'time_based', 'error_based', 'stacked_queries', 'comment_truncation', 'dangerous_query',
] as const;
export type SqlCategory = (typeof SQL_CATEGORIES)[number];
export interface SqlFinding { category: SqlCategory; start: number; end: number; confidence: number; evidence: string }
export interface SqlScanResult { detected: boolean; category?: SqlCategory; confidence: number; findings: SqlFinding[] }
export interface ScanSqlOptions { maxInputLength?: number }
export const DEFAULT_MAX_SQL_INPUT_LENGTH = 1_000_000;
export function scanSql(text: string, _options: ScanSqlOptions = {}): SqlScanResult {
  return { detected: false, confidence: 0, findings: [] };
}
