/**
 * The `gatehouse` command line, as a library: {@link runCli} runs a command line against a
 * {@link CliIo}, so hosts and tests can run commands in-process. The executable is
 * `gatehouse.ts`.
 *
 * @example
 * ```ts
 * import { runCli, createMemoryCliIo } from './cli/index.js';
 * const io = createMemoryCliIo({ stdin: 'mail ana@example.com' });
 * await runCli(['scan', '--format', 'json'], io); // 1
 * JSON.parse(io.stdoutText()).findings[0].type;    // 'email'
 * ```
 *
 * @packageDocumentation
 */
export { runCli } from './run-cli.js';
export type { CliIo, CliWriter, CliTerminals } from './cli-io.js';
export { createMemoryCliIo, type MemoryCliIo, type MemoryCliIoOptions } from './memory-cli-io.js';
export { nodeCliIo } from './node-cli-io.js';
export { COMMANDS, notYetAvailable, isPending, type CliCommand, type CommandModule } from './command-registry.js';
export { CliUsageError } from './cli-usage-error.js';
export { EXIT_OK, EXIT_FINDINGS, EXIT_USAGE } from './exit-codes.js';
export { parseCommandLine, type OptionSpec, type ParsedCommandLine } from './parse-command-line.js';
