/**
 * The `gatehouse` commands. Each is loaded only when it runs: `gatehouse scan` never loads a
 * database driver, and `gatehouse --help` loads no command at all.
 */
import type { CliIo } from './cli-io.js';

/** What a command module exports. `argv` holds the arguments after the command name. */
export interface CommandModule {
  /** Runs the command and resolves to its exit code (see `exit-codes.ts`). */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** One entry of the command table. */
export interface CliCommand {
  name: string;
  /** Synopsis after `gatehouse `, e.g. `scan [paths…|-]`. */
  synopsis: string;
  summary: string;
  load(): Promise<CommandModule>;
}

const PENDING = Symbol('gatehouse.cli.pending');

/**
 * A loader for a command that is planned but not in this build: running it (or asking for its
 * help) says so and exits 1. Replace it with `() => import('./commands/<name>-command.js')`
 * once the command exists.
 */
export function notYetAvailable(name: string): () => Promise<CommandModule> {
  const load = async (): Promise<CommandModule> => ({
    run: async (_argv, io) => {
      io.stderr.write(`gatehouse ${name}: not available in this build yet. Run "gatehouse --help" for the commands you can use.\n`);
      return 1;
    },
  });
  return Object.assign(load, { [PENDING]: true });
}

/** Whether `command` is a {@link notYetAvailable} placeholder. */
export function isPending(command: CliCommand): boolean {
  return (command.load as unknown as Record<symbol, unknown>)[PENDING] === true;
}

/** Every command, in the order `gatehouse --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  { name: 'scan', synopsis: 'scan [paths…|-]', summary: 'find PII, secrets and SQL injection in files or stdin', load: () => import('./commands/scan-command.js') },
  { name: 'decide', synopsis: 'decide --policies <file>', summary: 'decide one request: JSON in, decision out', load: () => import('./commands/decide-command.js') },
  { name: 'serve', synopsis: 'serve --policies <file> [--port <n>]', summary: 'run the Decision Mode HTTP server', load: () => import('./commands/serve-command.js') },
  { name: 'migrate', synopsis: 'migrate', summary: 'apply the database migrations', load: () => import('./commands/migrate-command.js') },
  { name: 'keys', synopsis: 'keys create|list|revoke', summary: 'manage API keys', load: () => import('./commands/keys-command.js') },
  { name: 'license', synopsis: 'license keygen|sign|verify', summary: 'manage license keys', load: () => import('./commands/license-command.js') },
  { name: 'evidence', synopsis: 'evidence export|verify', summary: 'export and verify signed audit evidence', load: () => import('./commands/evidence-command.js') },
  { name: 'breaker', synopsis: 'breaker trip|reset|status', summary: 'operate the circuit breakers', load: () => import('./commands/breaker-command.js') },
];
