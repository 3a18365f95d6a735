import { detect } from '../../detectors/detect.js';
import { scanSql } from '../../detectors/sql/scan-sql.js';
import type { DetectorType } from '../../detectors/types.js';
import { LineIndex } from './line-index.js';
import type { ScanFinding } from './scan-finding.js';
import { ruleFor, sqlType } from './scan-rules.js';

/** Options of {@link scanText}. */
export interface ScanTextOptions {
  /** Detector types to report; default every type. */
  types?: readonly DetectorType[];
  minConfidence: number;
  /** Also scan each line with `scanSql`. */
  sql: boolean;
  region?: string;
  /** Called after each chunk with how many characters of the text are done. */
  onProgress?: (charsDone: number) => void;
}

/**
 * Texts longer than this are scanned in chunks, so memory per `detect()` call stays bounded,
 * any length can be scanned, and the progress bar moves within a large file.
 */
export const CHUNK_CHARS = 1_000_000;
/** Each chunk is read with this much text before it, so context words across the cut count. */
const LOOK_BEHIND = 2_000;
/** …and this much after it, so a value that starts in the chunk (a PEM key, say) is read whole. */
const LOOK_AHEAD = 64_000;

/**
 * Finds PII, secrets and (with `sql`) SQL injection in `text`, with line and column for each
 * finding and never the value.
 *
 * A long text is cut at line ends into chunks of about {@link CHUNK_CHARS}; each chunk is read
 * with some text on either side, and reports only findings that start inside it, so each
 * finding is reported once.
 *
 * SQL is scanned line by line: `scanSql` judges one value or statement at a time, and a whole
 * file read as one statement would be neither. Findings are sorted by position.
 *
 * @example
 * ```ts
 * scanText('id: 1\nmail ana@example.com', { minConfidence: 0.5, sql: false });
 * // [{ type: 'email', line: 2, column: 6, endLine: 2, endColumn: 21, confidence: 0.95, … }]
 * ```
 */
export function scanText(text: string, options: ScanTextOptions): ScanFinding[] {
  const lines = new LineIndex(text);
  const found: ScanFinding[] = [];
  const detectOptions = {
    minConfidence: options.minConfidence,
    ...(options.types ? { types: options.types } : {}),
    ...(options.region ? { region: options.region } : {}),
  };
  const scanDetectors = options.types === undefined || options.types.length > 0;
  let nextLine = 0;
  for (let start = 0; start < text.length;) {
    const end = chunkEnd(text, start);
    if (scanDetectors) {
      const from = Math.max(0, start - LOOK_BEHIND);
      const window = from === 0 && end === text.length ? text : text.slice(from, Math.min(text.length, end + LOOK_AHEAD));
      for (const f of detect(window, { ...detectOptions, maxInputLength: window.length })) {
        const s = f.start + from;
        if (s < start || s >= end) continue; // another chunk owns it
        found.push(locate(lines, f.type, f.confidence, s, f.end + from));
      }
    }
    if (options.sql) {
      while (nextLine < lines.starts.length && lines.starts[nextLine]! < end) {
        scanSqlLine(text, lines, nextLine, options.minConfidence, found);
        nextLine++;
      }
    }
    start = end;
    options.onProgress?.(end);
  }
  return found.sort((a, b) => a.start - b.start || a.end - b.end || a.type.localeCompare(b.type));
}

/** End of the chunk that begins at `start`: the first line end after {@link CHUNK_CHARS}, or the text's end. */
function chunkEnd(text: string, start: number): number {
  if (text.length - start <= CHUNK_CHARS) return text.length;
  const newline = text.indexOf('\n', start + CHUNK_CHARS);
  // A line longer than the look-ahead is cut anyway: a value rarely spans such a cut.
  return newline === -1 || newline - start > CHUNK_CHARS + LOOK_AHEAD ? start + CHUNK_CHARS : newline + 1;
}

function scanSqlLine(text: string, lines: LineIndex, index: number, minConfidence: number, out: ScanFinding[]): void {
  const [s, e] = lines.lineSpan(index);
  if (e - s < 2) return;
  const line = text.slice(s, e);
  for (const f of scanSql(line, { maxInputLength: line.length }).findings) {
    if (f.confidence < minConfidence) continue;
    out.push({ ...locate(lines, sqlType(f.category), f.confidence, s + f.start, s + f.end), reason: f.reason });
  }
}

function locate(lines: LineIndex, type: string, confidence: number, start: number, end: number): ScanFinding {
  const rule = ruleFor(type);
  const from = lines.position(start);
  const to = lines.position(end);
  return {
    type, kind: rule.kind, ruleId: rule.id, confidence, start, end,
    line: from.line, column: from.column, endLine: to.line, endColumn: to.column,
  };
}
