import { isPending, type CliCommand } from './command-registry.js';

/** The text of `gatehouse --help`: every command with its one-line summary. */
export function topLevelHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.synopsis.length)) + 2;
  const lines = commands.map((c) => `  ${c.synopsis.padEnd(width)}${c.summary}${isPending(c) ? ' (not in this build yet)' : ''}`);
  return `gatehouse: govern your app's AI traffic (detection, decisions, enforcement, audit)

Usage: gatehouse <command> [options]

Commands:
${lines.join('\n')}

Options:
  -h, --help      show this help; "gatehouse <command> --help" shows a command's options and examples
  -V, --version   print the version

Exit codes: 0 ok, 1 findings (or a deny) or failure, 2 usage error.

Examples:
  gatehouse scan src/ --format sarif > gatehouse.sarif
  echo '{"orgId":"acme","stage":"input","text":"hi"}' | gatehouse decide --policies policies.json
`;
}
