import type { CliIo, CliTerminals } from './cli-io.js';

/** Options of {@link createMemoryCliIo}. */
export interface MemoryCliIoOptions {
  /** Standard input; absent means an empty, closed stream. */
  stdin?: string | Uint8Array | readonly (string | Uint8Array)[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  isTTY?: Partial<CliTerminals>;
  columns?: number;
}

/** A {@link CliIo} that keeps what was written, for tests and embedding. */
export interface MemoryCliIo extends CliIo {
  stdoutText(): string;
  stderrText(): string;
}

/**
 * An in-memory {@link CliIo}: stdin from a string, stdout and stderr captured. No terminal
 * unless `isTTY` says so.
 *
 * @example
 * ```ts
 * const io = createMemoryCliIo({ stdin: '{"orgId":"acme","stage":"input","text":"hi"}' });
 * await runCli(['decide', '--policies', 'policies.json'], io);
 * JSON.parse(io.stdoutText()).verdict; // 'allow'
 * ```
 */
export function createMemoryCliIo(options: MemoryCliIoOptions = {}): MemoryCliIo {
  let out = '';
  let err = '';
  const input = options.stdin;
  const chunks: (string | Uint8Array)[] =
    input === undefined ? [] : typeof input === 'string' || input instanceof Uint8Array ? [input] : [...input];
  return {
    stdout: { write: (text) => void (out += text) },
    stderr: { write: (text) => void (err += text) },
    stdin: {
      async *[Symbol.asyncIterator]() {
        for (const chunk of chunks) yield chunk;
      },
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    isTTY: { stdin: false, stdout: false, stderr: false, ...options.isTTY },
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
    stdoutText: () => out,
    stderrText: () => err,
  };
}
