/** `gatehouse license keygen|sign|verify`: wires {@link runLicenseCli} (src/crypto) to the CLI. */
import { resolve } from 'node:path';
import { nodeLicenseCliIo, runLicenseCli, type LicenseCliIo } from '../../crypto/license/license-cli.js';
import type { CliIo } from '../cli-io.js';
import { wantsHelp } from '../wants-help.js';

const EXAMPLES = `Examples:
  gatehouse license keygen --secret-key-out license-signing.key
  gatehouse license sign --org acme --tier enterprise --expires 365d --secret-key-file license-signing.key
  gatehouse license verify "$LICENSE" --org acme --public-key GHLPK1.…
`;

/**
 * Runs `gatehouse license …` with the arguments after `license`. `--help` anywhere prints the
 * usage of all three subcommands. File paths are resolved against `io.cwd`.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const real = nodeLicenseCliIo();
  const licenseIo: LicenseCliIo = {
    stdout: (text) => io.stdout.write(text),
    stderr: (text) => io.stderr.write(text),
    env: { ...io.env },
    readFile: (path) => real.readFile(resolve(io.cwd, path)),
    writeSecretFile: (path, contents) => real.writeSecretFile(resolve(io.cwd, path), contents),
    now: real.now,
  };
  if (wantsHelp(argv)) {
    const code = await runLicenseCli(['--help'], licenseIo);
    io.stdout.write(EXAMPLES);
    return code;
  }
  return runLicenseCli(argv, licenseIo);
}
