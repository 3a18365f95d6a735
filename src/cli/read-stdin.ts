import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-usage-error.js';

/**
 * Reads all of standard input, refusing more than `maxBytes` (nothing is truncated: over the
 * limit is an error that names `limitOption`, the option that raises it).
 */
export async function readStdin(io: CliIo, maxBytes: number, command: string, limitOption?: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const encoder = new TextEncoder();
  for await (const chunk of io.stdin) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) {
      const raise = limitOption ? `raise ${limitOption}, or ` : '';
      throw new CliUsageError(`Standard input is over the limit of ${formatBytes(maxBytes)}; ${raise}pass a smaller input.`, command);
    }
    chunks.push(bytes);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

/** `12.3 MB`, `512 KB`, `80 B` (decimal units, as people read file sizes). */
export function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(0)} KB`;
  return `${n} B`;
}
