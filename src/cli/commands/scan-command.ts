/**
 * `gatehouse scan`: PII, secrets and SQL injection in files or standard input, as text, JSON
 * or SARIF, with an exit code that can gate CI.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_MIN_CONFIDENCE } from '../../detectors/detect.js';
import { DETECTOR_TYPES, type DetectorType } from '../../detectors/types.js';
import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { closestMatch } from '../closest-match.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { packageVersion } from '../../package-version.js';
import { parseCommandLine } from '../parse-command-line.js';
import { readStdin } from '../read-stdin.js';
import { collectFiles, type FileToScan } from '../scan/collect-files.js';
import { decodeInput } from '../scan/decode-input.js';
import { formatJson } from '../scan/format-json.js';
import { formatSarif } from '../scan/format-sarif.js';
import { formatText } from '../scan/format-text.js';
import { parseSize } from '../scan/parse-size.js';
import { createProgressBar, PROGRESS_MIN_BYTES, type ProgressBar } from '../scan/progress-bar.js';
import type { ScannedInput, ScanReport, SkippedInput } from '../scan/scan-finding.js';
import { SCAN_RULES } from '../scan/scan-rules.js';
import { scanText } from '../scan/scan-text.js';

/** Default `--max-file-size`: larger files are skipped and listed as skipped. */
export const DEFAULT_MAX_FILE_SIZE = 50_000_000;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const SCAN_HELP = `Usage: gatehouse scan [options] [paths…|-]

Finds PII, secrets and (with --sql) SQL injection in files, directories or standard input.
Directories are walked recursively, skipping node_modules, .git, symbolic links and binary
files. With no paths, reads standard input when it is piped; "-" also means standard input.
Reports say what was found and where (file:line:column, type, confidence), never the value.

Options:
  --format <text|json|sarif>   output format (default text); sarif is SARIF 2.1.0
  --types <a,b,…>              only these detector types (default all): ${DETECTOR_TYPES.join(', ')}
  --min-confidence <0..1>      report findings at or above this confidence (default ${DEFAULT_MIN_CONFIDENCE})
  --sql                        also scan each line for SQL injection and destructive SQL
                               (one line at a time: scanSql judges one value or statement)
  --threshold <0..1>           findings at or above this confidence count towards --fail-on
                               (default: the --min-confidence value)
  --fail-on <n|never>          exit 1 when at least n findings count (default 1); never: report only
  --max-file-size <size>       skip larger files, e.g. 5MB, 512KB (default 50MB); also caps stdin
  --region <CC>                region for national phone numbers (default US)
  --no-progress                no progress bar (shown on a terminal for inputs over 4 MB)
  -h, --help                   show this help

Exit codes: 0 no findings counted, 1 findings met the threshold or an input could not be
read, 2 usage error.

Examples:
  gatehouse scan src/ fixtures/
  gatehouse scan . --format sarif > gatehouse.sarif      # upload to code scanning
  gatehouse scan logs/ --types email,phone,credit_card --threshold 0.9
  cat prompt.txt | gatehouse scan --sql --format json
  gatehouse scan data/ --fail-on never                  # report, never fail
`;

const OPTIONS = {
  format: { type: 'string' },
  types: { type: 'string' },
  'min-confidence': { type: 'string' },
  sql: { type: 'boolean' },
  threshold: { type: 'string' },
  'fail-on': { type: 'string' },
  'max-file-size': { type: 'string' },
  region: { type: 'string' },
  'no-progress': { type: 'boolean' },
} as const;

interface ScanSettings {
  format: Format;
  types: DetectorType[] | undefined;
  minConfidence: number;
  threshold: number;
  failOn: number | null;
  sql: boolean;
  maxFileSize: number;
  region: string | undefined;
  progress: boolean;
}

/**
 * Runs `gatehouse scan` with the arguments after `scan`.
 *
 * @example
 * ```ts
 * const io = createMemoryCliIo({ stdin: 'card 4111 1111 1111 1111' });
 * await run(['-', '--format', 'json'], io); // 1
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const cli = parseCommandLine('scan', argv, OPTIONS);
  if (cli.help) {
    io.stdout.write(SCAN_HELP);
    return EXIT_OK;
  }
  const settings = readSettings(cli.values);
  const paths = cli.positionals.filter((p) => p !== '-');
  let useStdin = cli.positionals.includes('-');
  if (cli.positionals.length === 0) {
    if (io.isTTY.stdin) {
      throw new CliUsageError('Give files or directories to scan (gatehouse scan src/), or pipe text in (cat notes.txt | gatehouse scan -).', 'scan');
    }
    useStdin = true;
  }

  // Paths first: a mistyped path fails before standard input is consumed.
  const collected = await collectFiles(paths, io.cwd, settings.maxFileSize);
  const stdinBytes = useStdin ? await readStdin(io, settings.maxFileSize, 'scan', '--max-file-size') : undefined;
  const total = collected.files.reduce((n, f) => n + f.size, stdinBytes?.length ?? 0);
  const bar = settings.progress && io.isTTY.stderr && total >= PROGRESS_MIN_BYTES ? createProgressBar(io.stderr, total, io.columns) : undefined;

  const inputs: ScannedInput[] = [];
  const skipped: SkippedInput[] = [...collected.skipped];
  let done = 0;
  const scanOne = (text: string, bytes: number, where: { name: string; uri: string; relative: boolean }) => {
    const findings = scanText(text, {
      minConfidence: settings.minConfidence,
      sql: settings.sql,
      ...(settings.types ? { types: settings.types } : {}),
      ...(settings.region ? { region: settings.region } : {}),
      ...(bar ? { onProgress: (chars: number) => bar.update(done + Math.round((chars / Math.max(1, text.length)) * bytes), where.name) } : {}),
    });
    inputs.push({ ...where, bytes, findings });
  };
  try {
    if (stdinBytes !== undefined) {
      const text = decodeInput(stdinBytes);
      const where = { name: '<stdin>', uri: 'stdin', relative: false };
      if (text === null) skipped.push({ ...where, reason: 'binary' });
      else scanOne(text, stdinBytes.length, where);
      done += stdinBytes.length;
    }
    for (const file of collected.files) {
      await scanFile(file, scanOne, skipped, bar, done);
      done += file.size;
    }
  } finally {
    bar?.finish();
  }

  const counted = inputs.reduce((n, i) => n + i.findings.filter((f) => f.confidence >= settings.threshold).length, 0);
  const unreadable = skipped.some((s) => s.reason === 'unreadable');
  const report: ScanReport = {
    version: packageVersion(),
    inputs,
    skipped,
    threshold: settings.threshold,
    failOn: settings.failOn,
    counted,
    failed: unreadable || (settings.failOn !== null && counted >= settings.failOn),
    ruleIds: SCAN_RULES.filter((r) => (r.kind === 'sql' ? settings.sql : settings.types === undefined || settings.types.includes(r.type as DetectorType))).map((r) => r.id),
    cwd: io.cwd,
  };
  io.stdout.write(settings.format === 'json' ? formatJson(report) : settings.format === 'sarif' ? formatSarif(report) : formatText(report));
  if (unreadable && settings.format !== 'text') io.stderr.write('gatehouse scan: some inputs could not be read; see "skipped" in the report.\n');
  return report.failed ? EXIT_FINDINGS : EXIT_OK;
}

async function scanFile(
  file: FileToScan,
  scanOne: (text: string, bytes: number, where: { name: string; uri: string; relative: boolean }) => void,
  skipped: SkippedInput[],
  bar: ProgressBar | undefined,
  done: number,
): Promise<void> {
  const where = { name: file.name, uri: file.uri, relative: file.relative };
  bar?.update(done, file.name);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file.path);
  } catch (error) {
    skipped.push({ ...where, reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? 'read failed' });
    return;
  }
  const text = decodeInput(bytes);
  if (text === null) skipped.push({ ...where, reason: 'binary' });
  else scanOne(text, bytes.length, where);
}

function readSettings(values: Record<string, string | boolean | string[] | undefined>): ScanSettings {
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const format = str('format') ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    const guess = closestMatch(format, FORMATS);
    throw new CliUsageError(`--format must be text, json or sarif${guess ? ` (did you mean ${guess}?)` : ''}.`, 'scan');
  }
  const minConfidence = unitInterval(str('min-confidence'), '--min-confidence', DEFAULT_MIN_CONFIDENCE);
  const failOnText = str('fail-on') ?? '1';
  let failOn: number | null;
  if (failOnText === 'never') failOn = null;
  else if (/^\d{1,9}$/.test(failOnText) && Number(failOnText) >= 1) failOn = Number(failOnText);
  else throw new CliUsageError('--fail-on must be a whole number of findings, 1 or more, or "never".', 'scan');
  const region = str('region');
  if (region !== undefined && !/^[A-Za-z]{2}$/.test(region)) throw new CliUsageError('--region must be a two-letter country code such as US, IN or SG.', 'scan');
  const maxFileSize = str('max-file-size');
  return {
    format: format as Format,
    types: parseTypes(str('types')),
    minConfidence,
    threshold: unitInterval(str('threshold'), '--threshold', minConfidence),
    failOn,
    sql: values.sql === true,
    maxFileSize: maxFileSize === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(maxFileSize, '--max-file-size', 'scan'),
    region: region?.toUpperCase(),
    progress: values['no-progress'] !== true,
  };
}

function unitInterval(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !(n >= 0 && n <= 1)) throw new CliUsageError(`${option} must be a number from 0 to 1, e.g. ${option} 0.8.`, 'scan');
  return n;
}

function parseTypes(text: string | undefined): DetectorType[] | undefined {
  if (text === undefined) return undefined;
  const types = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (types.length === 0) throw new CliUsageError(`--types needs at least one type: ${DETECTOR_TYPES.join(', ')}.`, 'scan');
  for (const t of types) {
    if (!(DETECTOR_TYPES as readonly string[]).includes(t)) {
      const guess = closestMatch(t, DETECTOR_TYPES);
      const shown = /^[a-z_]{1,40}$/i.test(t) ? `"${t}"` : 'a type';
      throw new CliUsageError(`--types has unknown ${shown}.${guess ? ` Did you mean ${guess}?` : ''} Types: ${DETECTOR_TYPES.join(', ')}.`, 'scan');
    }
  }
  return types as DetectorType[];
}
