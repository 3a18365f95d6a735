/** `gatehouse evidence …`: wires {@link runEvidenceCli} (src/audit) to the CLI. */
import { runEvidenceCli } from '../../audit/evidence-cli.js';
import type { CliIo } from '../cli-io.js';
import { wantsHelp } from '../wants-help.js';

const EXAMPLES = `Examples:
  gatehouse evidence verify acme-2026-q1.jsonl --public-key "$AUDIT_PUBLIC_KEY_HEX"
  gatehouse evidence verify acme.jsonl --public-key-file audit-signing.pub --manifest acme.manifest.json
`;

/**
 * Runs `gatehouse evidence …` with the arguments after `evidence`. Relative paths are read
 * from the process's working directory.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const output = { out: (line: string) => io.stdout.write(`${line}\n`), err: (line: string) => io.stderr.write(`${line}\n`) };
  const code = await runEvidenceCli(argv, output);
  if (code === 0 && wantsHelp(argv)) io.stdout.write(EXAMPLES);
  return code;
}
