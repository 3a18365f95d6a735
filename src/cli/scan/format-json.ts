import type { ScanReport } from './scan-finding.js';

/**
 * The machine report, as one JSON document: every finding with its file, position, type,
 * rule and confidence (never the value), the skipped inputs, and the gate's outcome.
 *
 * @example
 * ```json
 * { "tool": "gatehouse", "version": "0.1.0",
 *   "findings": [{ "file": "a.txt", "line": 1, "column": 6, "endLine": 1, "endColumn": 21,
 *                  "start": 5, "end": 20, "type": "email", "kind": "pii", "ruleId": "pii/email", "confidence": 0.95 }],
 *   "skipped": [], "summary": { "findings": 1, "counted": 1, "threshold": 0.5, "failOn": 1, "failed": true, … } }
 * ```
 */
export function formatJson(report: ScanReport): string {
  const findings = report.inputs.flatMap((input) =>
    input.findings.map((f) => ({
      file: input.name, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, start: f.start, end: f.end,
      type: f.type, kind: f.kind, ruleId: f.ruleId, confidence: f.confidence, ...(f.reason ? { reason: f.reason } : {}),
    })),
  );
  const document = {
    tool: 'gatehouse',
    version: report.version,
    findings,
    skipped: report.skipped.map((s) => ({ file: s.name, reason: s.reason, ...(s.detail ? { detail: s.detail } : {}) })),
    summary: {
      findings: findings.length,
      counted: report.counted,
      threshold: report.threshold,
      failOn: report.failOn,
      failed: report.failed,
      inputsScanned: report.inputs.length,
      bytesScanned: report.inputs.reduce((n, i) => n + i.bytes, 0),
    },
  };
  return JSON.stringify(document, null, 2) + '\n';
}
