/**
 * Finds secret bytes in captured text, in any of the encodings a careless log line or error
 * would use: raw text, hex (any case, with or without spaces as in `<Buffer 0a 1b …>`),
 * base64 and base64url at every byte alignment (so a secret embedded in a larger encoded blob
 * is found too), and decimal byte lists (`Uint8Array(32) [ 12, 200, … ]`).
 */
import { format, inspect } from 'node:util';
import { vi } from 'vitest';

export interface NamedSecret {
  name: string;
  bytes: Uint8Array;
  /**
   * Also look for every 16-byte window (a truncated or partial leak). Off for values with a
   * public part, such as a full API key whose prefix and key id are shown by design.
   */
  windows?: boolean;
}

const WINDOW = 16;
const WINDOW_STEP = 4;

function pieces(s: NamedSecret): { label: string; bytes: Uint8Array }[] {
  const out = [{ label: s.name, bytes: s.bytes }];
  if (s.windows !== false && s.bytes.length >= WINDOW + WINDOW_STEP) {
    for (let i = 0; i + WINDOW <= s.bytes.length; i += WINDOW_STEP) out.push({ label: `${s.name} bytes ${i}..${i + WINDOW}`, bytes: s.bytes.subarray(i, i + WINDOW) });
  }
  return out;
}

/** Encoded forms of a secret (or a 16-byte piece of one), long enough that a match cannot be chance. */
function forms(bytes: Uint8Array): { encoding: string; text: string }[] {
  const buf = Buffer.from(bytes);
  const out: { encoding: string; text: string }[] = [
    { encoding: 'raw utf8', text: buf.toString('utf8') },
    { encoding: 'raw latin1', text: buf.toString('latin1') },
    { encoding: 'hex', text: buf.toString('hex') },
    { encoding: 'HEX', text: buf.toString('hex').toUpperCase() },
  ];
  for (let shift = 0; shift < 3; shift++) {
    // Skip `shift` bytes and drop the last partial group, so the core appears whatever
    // precedes the secret inside a larger encoded value.
    const part = buf.subarray(shift);
    const usable = part.subarray(0, part.length - (part.length % 3));
    out.push({ encoding: `base64 (offset ${shift})`, text: usable.toString('base64') });
    out.push({ encoding: `base64url (offset ${shift})`, text: usable.toString('base64url') });
  }
  return out.filter((f) => f.text.length >= 16 && !f.text.includes('\uFFFD'.repeat(4)));
}

function decimalRuns(haystack: string): number[][] {
  return [...haystack.matchAll(/\d{1,3}(?:[\s,]+\d{1,3}){11,}/g)].map((m) => m[0].split(/[\s,]+/).map(Number));
}

function containsRun(run: number[], needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= run.length; i++) {
    for (let j = 0; j < needle.length; j++) if (run[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Every (secret, encoding) pair found in the haystack. */
export function findLeaks(haystack: string, secrets: readonly NamedSecret[]): string[] {
  const compact = haystack.replace(/\s+/g, '');
  const runs = decimalRuns(haystack);
  const found: string[] = [];
  for (const secret of secrets) {
    for (const s of pieces(secret)) {
      for (const f of forms(s.bytes)) {
        if (haystack.includes(f.text) || compact.includes(f.text)) found.push(`${s.label} as ${f.encoding}`);
      }
      const head = s.bytes.subarray(0, Math.min(16, s.bytes.length));
      if (head.length >= 12 && runs.some((r) => containsRun(r, head))) found.push(`${s.label} as decimal bytes`);
    }
  }
  return found;
}

/** Everything logged, thrown and serialised while a capture is active. */
export class LeakCapture {
  readonly logged: string[] = [];
  readonly thrown: string[] = [];
  readonly serialised: string[] = [];
  private restore: (() => void)[] = [];

  start(): void {
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        this.logged.push(format(...args));
        for (const a of args) this.logged.push(inspect(a, { depth: Infinity, showHidden: true }));
      });
      this.restore.push(() => spy.mockRestore());
    }
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      const spy = vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        this.logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('latin1'));
        return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write);
      this.restore.push(() => spy.mockRestore());
    }
  }

  stop(): void {
    for (const r of this.restore.splice(0)) r();
  }

  /** A logger to inject where the code takes one. */
  logger = { warn: (message: string): void => void this.logged.push(message) };

  serialise(value: unknown): void {
    this.serialised.push(inspect(value, { depth: Infinity, showHidden: true, getters: true }));
    try {
      this.serialised.push(JSON.stringify(value) ?? '');
    } catch {
      // Circular or BigInt: inspect above already covers it.
    }
    this.serialised.push(String(value));
  }

  recordError(error: unknown): void {
    let e: unknown = error;
    for (let depth = 0; e !== undefined && e !== null && depth < 10; depth++) {
      if (e instanceof Error) this.thrown.push(e.message, e.stack ?? '');
      this.thrown.push(inspect(e, { depth: Infinity, showHidden: true }));
      try {
        this.thrown.push(JSON.stringify(e) ?? '');
      } catch {
        // ignore
      }
      e = e instanceof Error ? e.cause : undefined;
    }
  }

  /** Runs `fn`, recording its result or its error; never rethrows. */
  async run<T>(fn: () => T | Promise<T>): Promise<{ value?: T; error?: unknown }> {
    try {
      const value = await fn();
      this.serialise(value);
      return { value };
    } catch (error) {
      this.recordError(error);
      return { error };
    }
  }

  all(): string {
    return [...this.logged, ...this.thrown, ...this.serialised].join('\n');
  }
}
