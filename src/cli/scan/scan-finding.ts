import type { ScanRuleKind } from './scan-rules.js';

/**
 * One finding of `gatehouse scan`. It says what was found and where, never the value: a scan
 * report is made to be printed, uploaded and kept.
 */
export interface ScanFinding {
  /** A detector type (`email`) or `sql:<category>`. */
  type: string;
  kind: ScanRuleKind;
  ruleId: string;
  confidence: number;
  /** UTF-16 offsets into the decoded input. */
  start: number;
  end: number;
  /** 1-based; `endColumn` is the column just after the last character, as in SARIF. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** For SQL findings: the scanner's fixed description of the rule (never input text). */
  reason?: string;
}

/** An input that was looked at: a file, or standard input. */
export interface ScannedInput {
  /** How it is shown: a path relative to the working directory, or `<stdin>`. */
  name: string;
  /** For SARIF: a relative URI (under `%SRCROOT%`), a `file:` URI, or `stdin`. */
  uri: string;
  relative: boolean;
  bytes: number;
  findings: ScanFinding[];
}

/** Why an input was not scanned. */
export type SkipReason = 'binary' | 'too_large' | 'not_a_file' | 'unreadable';

/** An input that was not scanned. `unreadable` ones make the scan fail (exit 1). */
export interface SkippedInput {
  name: string;
  uri: string;
  relative: boolean;
  reason: SkipReason;
  /** e.g. the file's size for `too_large`, the error code for `unreadable`. */
  detail?: string;
}

/** Everything a formatter needs. */
export interface ScanReport {
  version: string;
  inputs: ScannedInput[];
  skipped: SkippedInput[];
  /** Findings at or above this confidence count towards `failOn`. */
  threshold: number;
  /** Exit 1 once this many findings count; `null`: never (`--fail-on never`). */
  failOn: number | null;
  /** Number of findings at or above `threshold`. */
  counted: number;
  /** The scan gates: `counted` reached `failOn`, or an input could not be read. */
  failed: boolean;
  /** Rules that were in force (the types asked for, plus SQL with `--sql`). */
  ruleIds: readonly string[];
  /** The working directory, for SARIF's `%SRCROOT%`. */
  cwd: string;
}
