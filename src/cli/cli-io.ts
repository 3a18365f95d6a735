/**
 * The seam between the `gatehouse` commands and the process they run in. Every command reads
 * and writes only through a {@link CliIo}, so tests run them in-process with
 * {@link createMemoryCliIo} and the bin wires the real one ({@link nodeCliIo}).
 */

/** Somewhere text goes: standard output or standard error. */
export interface CliWriter {
  write(text: string): void;
}

/** Which standard streams are terminals. Progress bars and prompts depend on it. */
export interface CliTerminals {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
}

/**
 * What a command may touch besides the file system.
 *
 * @example
 * ```ts
 * import { runCli, createMemoryCliIo } from './index.js';
 * const io = createMemoryCliIo({ stdin: 'mail ana@example.com' });
 * const code = await runCli(['scan', '-'], io);   // 1: one finding
 * io.stdoutText();                                 // '<stdin>:1:6  email  confidence 0.95\n…'
 * ```
 */
export interface CliIo {
  readonly stdout: CliWriter;
  readonly stderr: CliWriter;
  /** Standard input as chunks; only read by commands told to (`scan -`, `decide`). */
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths on the command line are resolved against this directory. */
  readonly cwd: string;
  readonly isTTY: CliTerminals;
  /** Width of the terminal behind stderr, for the progress bar. Default 80. */
  readonly columns?: number;
}
