import { formatBytes } from '../read-stdin.js';
import type { ScanReport, SkipReason } from './scan-finding.js';

const SKIP_WORDS: Readonly<Record<SkipReason, string>> = {
  binary: 'binary file',
  too_large: 'over --max-file-size',
  not_a_file: 'not a regular file',
  unreadable: 'could not be read',
};

/**
 * The human report: one line per finding (`file:line:col  type  confidence`), the skipped
 * inputs, and a summary that says whether the scan fails the gate.
 *
 * @example
 * ```text
 * src/seed.ts:12:9  credit_card  pii  confidence 0.95
 * 1 finding in 1 of 3 files (2.1 KB scanned). Fails: 1 finding at or above confidence 0.50 (--fail-on 1).
 * ```
 */
export function formatText(report: ScanReport): string {
  const lines: string[] = [];
  let total = 0;
  let withFindings = 0;
  let bytes = 0;
  for (const input of report.inputs) {
    bytes += input.bytes;
    if (input.findings.length > 0) withFindings++;
    for (const f of input.findings) {
      total++;
      const why = f.reason ? `  (${f.reason})` : '';
      lines.push(`${input.name}:${f.line}:${f.column}  ${f.type}  ${f.kind}  confidence ${f.confidence.toFixed(2)}${why}`);
    }
  }
  for (const s of report.skipped) lines.push(`skipped ${s.name}: ${SKIP_WORDS[s.reason]}${s.detail ? ` (${s.detail})` : ''}`);
  const noun = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const inputs = report.inputs.length;
  let summary = `${noun(total, 'finding')} in ${withFindings} of ${noun(inputs, inputs === 1 && report.inputs[0]!.name === '<stdin>' ? 'input' : 'file')} (${formatBytes(bytes)} scanned`;
  summary += report.skipped.length > 0 ? `, ${report.skipped.length} skipped).` : ').';
  const unreadable = report.skipped.filter((s) => s.reason === 'unreadable').length;
  if (report.failOn !== null && report.counted >= report.failOn) {
    summary += ` Fails: ${noun(report.counted, 'finding')} at or above confidence ${report.threshold.toFixed(2)} (--fail-on ${report.failOn}).`;
  }
  if (unreadable > 0) summary += ` Fails: ${noun(unreadable, 'input')} could not be read.`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}
