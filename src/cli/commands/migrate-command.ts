/** `gatehouse migrate`: wires {@link runMigrateCli} (src/tenancy) to the CLI. */
import { resolve } from 'node:path';
import { runMigrateCli } from '../../tenancy/migrate-cli.js';
import type { CliIo } from '../cli-io.js';
import { wantsHelp } from '../wants-help.js';

const EXAMPLES = `Examples:
  gatehouse migrate                                   # PGlite under .gatehouse/db
  DATABASE_URL=postgres://app@db:5432/app gatehouse migrate
  gatehouse migrate --data-dir ./data/gatehouse --schema gatehouse
`;

/**
 * Runs `gatehouse migrate` with the arguments after `migrate`. Relative `--data-dir` and
 * `--migrations-dir` paths are resolved against `io.cwd`. The PostgreSQL URL comes from
 * `--url`, else `DATABASE_URL` in the process environment.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const output = { out: (line: string) => io.stdout.write(`${line}\n`), err: (line: string) => io.stderr.write(`${line}\n`) };
  const code = await runMigrateCli(absolutePaths(argv, io.cwd), output);
  if (code === 0 && wantsHelp(argv)) io.stdout.write(EXAMPLES);
  return code;
}

/** `--data-dir x` and `--data-dir=x` with `x` made absolute, so a test's `cwd` is honoured. */
function absolutePaths(argv: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^(--data-dir|--migrations-dir)(?:=(.*))?$/.exec(arg);
    if (m && m[2] !== undefined) out.push(`${m[1]}=${resolve(cwd, m[2])}`);
    else if (m && i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) out.push(arg, resolve(cwd, argv[++i]!));
    else out.push(arg);
  }
  return out;
}
