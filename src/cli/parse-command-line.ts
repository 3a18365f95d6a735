import { parseArgs } from 'node:util';
import { closestMatch } from './closest-match.js';
import { CliUsageError } from './cli-usage-error.js';

/** One option a command accepts. `--help` / `-h` is added to every command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Repeatable (`--public-key a --public-key b`); the value is then an array. */
  multiple?: boolean;
}

/** The parsed command line of one command. */
export interface ParsedCommandLine {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** `--help` or `-h` was given. */
  help: boolean;
}

/**
 * Parses `argv` (the arguments after the command name) against `options`, and turns every
 * mistake into a {@link CliUsageError} that says what to fix: an unknown option (with the
 * nearest known one), a missing value, a value given to a flag. A lone `-` is a positional
 * (standard input); `--` ends the options.
 *
 * Only the option's name is ever repeated back, never a value: values may be secrets.
 *
 * @example
 * ```ts
 * parseCommandLine('scan', ['--formt', 'json'], { format: { type: 'string' } });
 * // throws CliUsageError: Unknown option --formt for "gatehouse scan". Did you mean --format?
 * ```
 */
export function parseCommandLine(command: string, argv: readonly string[], options: Record<string, OptionSpec>): ParsedCommandLine {
  const all: Record<string, OptionSpec> = { ...options, help: { type: 'boolean', short: 'h' } };
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options: all, strict: false, allowPositionals: true, tokens: true });
  const names = Object.keys(all);
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = all[token.name];
    const shownName = token.rawName.startsWith('--') ? `--${token.name}` : token.rawName;
    if (spec === undefined) {
      const guess = closestMatch(token.name, names);
      const hint = guess ? ` Did you mean --${guess}?` : '';
      throw new CliUsageError(`Unknown option ${safeName(shownName)} for "gatehouse ${command}".${hint}`, command);
    }
    if (spec.type === 'string') {
      if (token.value === undefined) throw new CliUsageError(`${shownName} needs a value, e.g. ${shownName}=<value>.`, command);
      if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
        throw new CliUsageError(`${shownName} needs a value, but the next argument is an option. Write ${shownName}=<value> if the value starts with "-".`, command);
      }
    } else if (token.value !== undefined) {
      throw new CliUsageError(`${shownName} is a flag and takes no value; remove "=…".`, command);
    }
  }
  return { values: values as ParsedCommandLine['values'], positionals, help: values.help === true };
}

/** An option name fit to print: flag-shaped and short, or else elided (it may be a pasted secret). */
function safeName(name: string): string {
  return /^--?[A-Za-z0-9][A-Za-z0-9-]{0,40}$/.test(name) ? name : '(an option that is not shown)';
}
