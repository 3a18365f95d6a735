import { isatty } from 'node:tty';
import type { CliIo } from './cli-io.js';

/**
 * The real {@link CliIo}: this process's streams, environment and working directory.
 *
 * Standard input is only touched when a command reads it, so commands that never do leave it
 * alone. A closed pipe on stdout (`gatehouse scan . | head`) ends the process quietly instead
 * of throwing EPIPE.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), nodeCliIo());
 * ```
 */
export function nodeCliIo(): CliIo {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    stdout: { write: (text) => void process.stdout.write(text) },
    stderr: { write: (text) => void process.stderr.write(text) },
    stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
    env: process.env,
    cwd: process.cwd(),
    isTTY: { stdin: isatty(0), stdout: isatty(1), stderr: isatty(2) },
    ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
  };
}
