import { pathToFileURL } from 'node:url';
import type { ScanReport, SkipReason } from './scan-finding.js';
import { SCAN_RULES } from './scan-rules.js';

const SKIP_TEXT: Readonly<Record<SkipReason, string>> = {
  binary: 'not scanned: binary file',
  too_large: 'not scanned: over --max-file-size',
  not_a_file: 'not scanned: not a regular file',
  unreadable: 'could not be read',
};

/** GitHub code scanning ranks alerts by this (0–10). */
const SECURITY_SEVERITY = { secret: '8.0', sql: '7.0', pii: '5.0' } as const;

/**
 * The report as SARIF 2.1.0, for code-scanning dashboards. One rule per detector type and SQL
 * category (ids `pii/email`, `secret/github_token`, `sqli/union_based`); each result has the
 * file, line and column range (UTF-16 columns, 1-based) and the confidence, and never the
 * value or a snippet of the text. Skipped inputs become tool notifications.
 *
 * @example
 * ```ts
 * JSON.parse(formatSarif(report)).runs[0].results[0].ruleId; // 'pii/email'
 * ```
 */
export function formatSarif(report: ScanReport): string {
  const rules = SCAN_RULES.filter((r) => report.ruleIds.includes(r.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const location = (input: { uri: string; relative: boolean }) => ({
    uri: input.uri,
    ...(input.relative ? { uriBaseId: '%SRCROOT%' } : {}),
  });
  const results = report.inputs.flatMap((input) =>
    input.findings.map((f) => {
      const rule = rules[ruleIndex.get(f.ruleId)!]!;
      return {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId)!,
        level: rule.level,
        message: { text: `${rule.description} (${f.type}), confidence ${f.confidence.toFixed(2)}${f.reason ? `: ${f.reason}` : ''}.` },
        locations: [{
          physicalLocation: {
            artifactLocation: location(input),
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        }],
        properties: { confidence: f.confidence },
      };
    }),
  );
  const notifications = report.skipped.map((s) => ({
    level: s.reason === 'unreadable' ? 'error' : 'note',
    message: { text: `${s.name}: ${SKIP_TEXT[s.reason]}${s.detail ? ` (${s.detail})` : ''}.` },
    locations: [{ physicalLocation: { artifactLocation: location(s) } }],
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'gatehouse',
          version: report.version,
          rules: rules.map((r) => ({
            id: r.id,
            name: r.type.replace(/^sql:/, 'sqli_'),
            shortDescription: { text: r.description },
            defaultConfiguration: { level: r.level },
            properties: { tags: ['security', r.kind], 'security-severity': SECURITY_SEVERITY[r.kind] },
          })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.cwd.endsWith('/') ? report.cwd : `${report.cwd}/`).href } },
      columnKind: 'utf16CodeUnits',
      invocations: [{ executionSuccessful: !report.skipped.some((s) => s.reason === 'unreadable'), toolExecutionNotifications: notifications }],
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
