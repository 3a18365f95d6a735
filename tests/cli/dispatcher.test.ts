import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../src/errors.js';
import { CliUsageError } from '../../src/cli/cli-usage-error.js';
import { closestMatch } from '../../src/cli/closest-match.js';
import { COMMANDS, isPending, notYetAvailable, type CliCommand } from '../../src/cli/command-registry.js';
import { createMemoryCliIo } from '../../src/cli/memory-cli-io.js';
import { parseCommandLine } from '../../src/cli/parse-command-line.js';
import { runCli } from '../../src/cli/run-cli.js';

describe('gatehouse (dispatcher)', () => {
  it('lists every command with its summary on --help, -h and help, and exits 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const io = createMemoryCliIo();
      expect(await runCli(argv, io)).toBe(0);
      const out = io.stdoutText();
      for (const c of COMMANDS) expect(out).toContain(c.synopsis);
      expect(out).toContain('Exit codes: 0 ok, 1 findings');
      expect(io.stderrText()).toBe('');
    }
  });

  it('prints the help to stderr and exits 2 when no command is given', async () => {
    const io = createMemoryCliIo();
    expect(await runCli([], io)).toBe(2);
    expect(io.stderrText()).toContain('Usage: gatehouse <command>');
    expect(io.stdoutText()).toBe('');
  });

  it('prints the package version on --version', async () => {
    const io = createMemoryCliIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.stdoutText().trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown command with exit 2 and suggests the closest one', async () => {
    const io = createMemoryCliIo();
    expect(await runCli(['scna', 'src/'], io)).toBe(2);
    expect(io.stderrText()).toContain('Unknown command "scna". Did you mean "scan"?');
    const far = createMemoryCliIo();
    expect(await runCli(['frobnicate'], far)).toBe(2);
    expect(far.stderrText()).toContain('Unknown command "frobnicate".');
    expect(far.stderrText()).not.toContain('Did you mean');
  });

  it('rejects an option before the command, saying options go after it', async () => {
    const io = createMemoryCliIo();
    expect(await runCli(['--format', 'json', 'scan'], io)).toBe(2);
    expect(io.stderrText()).toContain('Unknown option --format');
    expect(io.stderrText()).toContain('go after the command');
    const typo = createMemoryCliIo();
    expect(await runCli(['--hlep'], typo)).toBe(2);
    expect(typo.stderrText()).toContain('Did you mean --help?');
  });

  it('gives usage, options and examples for each available command, via --help and via help <command>', async () => {
    for (const name of ['scan', 'decide', 'serve', 'migrate', 'keys', 'license', 'evidence', 'breaker']) {
      for (const argv of [[name, '--help'], ['help', name]]) {
        const io = createMemoryCliIo();
        expect(await runCli(argv, io), argv.join(' ')).toBe(0);
        expect(io.stdoutText()).toMatch(/Usage/);
        expect(io.stdoutText()).toMatch(/Examples:\n  \S/);
        expect(io.stdoutText()).toContain(`gatehouse ${name}`);
      }
    }
  });

  it('gives license help after a subcommand too (its own parser does not take --help there)', async () => {
    const io = createMemoryCliIo();
    expect(await runCli(['license', 'sign', '--help'], io)).toBe(0);
    expect(io.stdoutText()).toContain('gatehouse license sign --org');
  });

  it('has every command in this build: none is a placeholder, and the help marks none as missing', async () => {
    expect(COMMANDS.filter(isPending).map((c) => c.name)).toEqual([]);
    for (const name of ['keys', 'breaker']) {
      const io = createMemoryCliIo();
      expect(await runCli([name, 'frobnicate'], io)).toBe(2);
      expect(io.stderrText()).not.toContain('not available in this build');
    }
    const help = createMemoryCliIo();
    await runCli(['--help'], help);
    expect(help.stdoutText()).toMatch(/keys create\|list\|revoke\s+manage API keys\n/);
    expect(help.stdoutText()).not.toContain('not in this build');
  });

  it('loads only the command that runs, and none for --help', async () => {
    const loaded: string[] = [];
    const command = (name: string): CliCommand => ({
      name, synopsis: name, summary: `the ${name} command`,
      load: async () => {
        loaded.push(name);
        return { run: async (argv, io) => (io.stdout.write(`${name}:${argv.join(',')}`), 0) };
      },
    });
    const table = [command('alpha'), command('beta')];
    const io = createMemoryCliIo();
    expect(await runCli(['--help'], io, table)).toBe(0);
    expect(loaded).toEqual([]);
    expect(await runCli(['beta', 'x', '--y'], io, table)).toBe(0);
    expect(loaded).toEqual(['beta']);
    expect(io.stdoutText()).toContain('beta:x,--y');
  });

  it('turns a usage error into exit 2 with a pointer to the command help, and other errors into exit 1', async () => {
    const throwing = (error: Error): CliCommand[] => [{ name: 'boom', synopsis: 'boom', summary: 's', load: async () => ({ run: async () => { throw error; } }) }];
    const usage = createMemoryCliIo();
    expect(await runCli(['boom'], usage, throwing(new CliUsageError('--x must be 1.', 'boom')))).toBe(2);
    expect(usage.stderrText()).toBe('gatehouse boom: --x must be 1.\nRun "gatehouse boom --help" for usage.\n');
    const typed = createMemoryCliIo();
    expect(await runCli(['boom'], typed, throwing(new InvalidOptionError('bad option')))).toBe(1);
    expect(typed.stderrText()).toContain('gatehouse boom: bad option [INVALID_OPTION]');
    const other = createMemoryCliIo();
    expect(await runCli(['boom'], other, throwing(new Error('disk on fire')))).toBe(1);
    expect(other.stderrText()).toContain('unexpected error: disk on fire');
    const loadFails = createMemoryCliIo();
    expect(await runCli(['x'], loadFails, [{ name: 'x', synopsis: 'x', summary: 's', load: () => Promise.reject(new Error('cannot load')) }])).toBe(1);
    expect(loadFails.stderrText()).toContain('cannot load');
  });

  it('notYetAvailable placeholders answer --help with the same message', async () => {
    const io = createMemoryCliIo();
    expect(await runCli(['later', '--help'], io, [{ name: 'later', synopsis: 'later', summary: 's', load: notYetAvailable('later') }])).toBe(1);
    expect(io.stderrText()).toContain('gatehouse later: not available in this build yet');
  });
});

describe('parseCommandLine', () => {
  const options = { format: { type: 'string' }, sql: { type: 'boolean' }, 'max-file-size': { type: 'string' } } as const;

  it('parses values, flags, positionals, "-" and "--"', () => {
    const cli = parseCommandLine('scan', ['--format', 'json', 'a', '-', '--sql', '--max-file-size=5MB', '--', '--not-an-option'], options);
    expect(cli.values).toMatchObject({ format: 'json', sql: true, 'max-file-size': '5MB' });
    expect(cli.positionals).toEqual(['a', '-', '--not-an-option']);
    expect(cli.help).toBe(false);
    expect(parseCommandLine('scan', ['-h'], options).help).toBe(true);
  });

  it('names an unknown option and the closest known one', () => {
    expect(() => parseCommandLine('scan', ['--max-filesize', '1'], options)).toThrow('Unknown option --max-filesize for "gatehouse scan". Did you mean --max-file-size?');
    expect(() => parseCommandLine('scan', ['-x'], options)).toThrow(/Unknown option -x/);
  });

  it('requires a value for a string option and refuses one for a flag', () => {
    expect(() => parseCommandLine('scan', ['--format'], options)).toThrow('--format needs a value');
    expect(() => parseCommandLine('scan', ['--format', '--sql'], options)).toThrow(/--format needs a value, but the next argument is an option/);
    expect(() => parseCommandLine('scan', ['--sql=yes'], options)).toThrow('--sql is a flag and takes no value');
    expect(() => parseCommandLine('scan', ['--format'], options)).toThrow(CliUsageError);
  });

  it('never repeats a mistyped option that does not look like an option name', () => {
    const pasted = '--ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5';
    let message = '';
    try {
      parseCommandLine('scan', [`${pasted}!=`], options);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Unknown option');
    expect(message).not.toContain('ghp_');
  });
});

describe('closestMatch', () => {
  it('finds prefixes, typos and swapped letters, and nothing when far', () => {
    expect(closestMatch('dec', ['scan', 'decide'])).toBe('decide');
    expect(closestMatch('sacn', ['scan', 'serve'])).toBe('scan');
    expect(closestMatch('licence', ['license', 'keys'])).toBe('license');
    expect(closestMatch('xyz', ['scan', 'serve'])).toBeUndefined();
  });
});
