import { GatehouseError } from '../errors.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-usage-error.js';
import { closestMatch } from './closest-match.js';
import { COMMANDS, type CliCommand } from './command-registry.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { packageVersion } from '../package-version.js';
import { topLevelHelp } from './top-level-help.js';

/**
 * Runs one `gatehouse` command line (the arguments after `gatehouse`) and resolves to the
 * exit code: 0 ok, 1 findings or failure, 2 usage error. Never throws: every error is
 * written to `io.stderr`, naming what to fix.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), nodeCliIo());
 * await runCli(['scna'], io); // 2; stderr: Unknown command "scna". Did you mean "scan"? …
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(topLevelHelp(commands));
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    io.stdout.write(topLevelHelp(commands));
    return EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (first === 'help') return runCommand(rest[0]!, ['--help'], io, commands);
  if (first.startsWith('-')) {
    const guess = closestMatch(first.replace(/^-+/, ''), ['help', 'version']);
    const name = /^--?[A-Za-z][A-Za-z0-9-]{0,40}$/.test(first) ? first : 'that option';
    return usage(io, `Unknown option ${name}.${guess ? ` Did you mean --${guess}?` : ''} Command options go after the command, e.g. "gatehouse scan --format json src/".`);
  }
  return runCommand(first, rest, io, commands);
}

async function runCommand(name: string, argv: readonly string[], io: CliIo, commands: readonly CliCommand[]): Promise<number> {
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    const guess = closestMatch(name, commands.map((c) => c.name));
    const shown = /^[A-Za-z0-9_-]{1,40}$/.test(name) ? `"${name}"` : '(not shown)';
    return usage(io, `Unknown command ${shown}.${guess ? ` Did you mean "${guess}"?` : ''} Commands: ${commands.map((c) => c.name).join(', ')}.`);
  }
  try {
    const module = await command.load();
    return await module.run(argv, io);
  } catch (error) {
    return reportError(io, command.name, error);
  }
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`gatehouse: ${message}\nRun "gatehouse --help" for usage.\n`);
  return EXIT_USAGE;
}

function reportError(io: CliIo, command: string, error: unknown): number {
  if (error instanceof CliUsageError) {
    io.stderr.write(`gatehouse ${command}: ${error.message}\nRun "gatehouse ${command} --help" for usage.\n`);
    return EXIT_USAGE;
  }
  if (error instanceof GatehouseError) {
    io.stderr.write(`gatehouse ${command}: ${error.message} [${error.code}]\n`);
  } else {
    io.stderr.write(`gatehouse ${command}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  if (io.env.GATEHOUSE_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_FINDINGS;
}
