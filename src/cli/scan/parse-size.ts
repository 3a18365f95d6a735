import { CliUsageError } from '../cli-usage-error.js';

const UNITS: Readonly<Record<string, number>> = {
  '': 1, b: 1, k: 1_000, kb: 1_000, kib: 1_024, m: 1_000_000, mb: 1_000_000, mib: 1_048_576, g: 1_000_000_000, gb: 1_000_000_000, gib: 1_073_741_824,
};

/**
 * Parses a size such as `5MB`, `512kb`, `2MiB` or `1048576` (bytes) for `option`.
 *
 * @example
 * ```ts
 * parseSize('5MB', '--max-file-size', 'scan'); // 5_000_000
 * ```
 */
export function parseSize(value: string, option: string, command: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new CliUsageError(`${option} must be a size such as 5MB, 512KB or 1048576 (bytes).`, command);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1) throw new CliUsageError(`${option} must be at least 1 byte.`, command);
  return bytes;
}
