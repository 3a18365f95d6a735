/**
 * CPU time of processes on this machine, from /proc (Linux; NaN elsewhere): the server's, and
 * PostgreSQL's when it runs here, since on a 2-core box it competes with the server and autocannon.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** User + system seconds from a /proc/<pid>/stat line. Clock ticks are 1/100 s. */
function statCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds (user + system) a process has used; NaN when it cannot be read. */
export function processCpuSeconds(pid: number | undefined): number {
  try {
    return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds (user + system) of a process's main thread alone (its thread id is its pid); NaN when unreadable. */
export function mainThreadCpuSeconds(pid: number | undefined): number {
  try {
    return statCpuSeconds(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/** System (kernel) seconds a process has used: socket writes and reads land here; NaN when it cannot be read. */
export function processSystemSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds used by every running `postgres` process here (backends come and go: compare deltas over a window). */
export function postgresCpuSeconds(): number {
  let total = 0;
  let dirs: string[];
  try {
    dirs = readdirSync('/proc');
  } catch {
    return Number.NaN;
  }
  for (const dir of dirs) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const stat = readFileSync(`/proc/${dir}/stat`, 'utf8');
      if (stat.includes('(postgres)')) total += statCpuSeconds(stat);
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

/** True when a PostgreSQL URL points at this machine, so its processes can be measured. */
export function isLocalDatabase(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]', ''].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}
