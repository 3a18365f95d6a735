import { GatehouseError } from '../errors.js';

/**
 * The command line was wrong: an unknown command or option, a missing value, a file that is
 * not there or not valid. The message says what to fix; the CLI exits 2.
 *
 * @example
 * ```ts
 * throw new CliUsageError('--format must be text, json or sarif; got "xml".', 'scan');
 * ```
 */
export class CliUsageError extends GatehouseError {
  /** The command whose usage was wrong, for the "see gatehouse <command> --help" hint. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super('CLI_USAGE', message);
    this.command = command;
  }
}
