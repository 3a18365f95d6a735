import type { CliWriter } from '../cli-io.js';
import { formatBytes } from '../read-stdin.js';

/** Inputs at least this large (in total) get a progress bar, when stderr is a terminal. */
export const PROGRESS_MIN_BYTES = 4_000_000;

/** A one-line progress bar, redrawn in place on a terminal. */
export interface ProgressBar {
  /** `done` of the total bytes are scanned; `label` names the current input. */
  update(done: number, label: string): void;
  /** Erases the bar, so what follows starts on a clean line. */
  finish(): void;
}

/**
 * A progress bar on `out` (stderr) for `total` bytes. It redraws only when the whole percent
 * or the label changes, so a fast scan writes a few hundred short lines at most.
 *
 * @example
 * ```ts
 * const bar = createProgressBar(io.stderr, 50_000_000, 80);
 * bar.update(25_000_000, 'dump.sql'); // scan [##########··········]  50%  25.0/50.0 MB  dump.sql
 * bar.finish();
 * ```
 */
export function createProgressBar(out: CliWriter, total: number, columns = 80): ProgressBar {
  let shownPercent = -1;
  let shownLabel = '';
  let drawn = false;
  return {
    update(done, label) {
      const percent = total <= 0 ? 100 : Math.min(100, Math.floor((done / total) * 100));
      if (percent === shownPercent && label === shownLabel) return;
      shownPercent = percent;
      shownLabel = label;
      const filled = Math.round(percent / 5);
      const head = `scan [${'#'.repeat(filled)}${'·'.repeat(20 - filled)}] ${String(percent).padStart(3)}%  ${formatBytes(done)}/${formatBytes(total)}  `;
      const room = Math.max(0, columns - 1 - head.length);
      const tail = label.length <= room ? label : room > 1 ? `…${label.slice(label.length - room + 1)}` : '';
      out.write(`\r\x1b[2K${head}${tail}`);
      drawn = true;
    },
    finish() {
      if (drawn) out.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
