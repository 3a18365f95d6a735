import { parseArgs } from 'node:util';
import { GatehouseError } from '../../errors.js';
import { Secret } from '../secret.js';
import { LicenseError } from './license-error.js';
import { generateLicenseKeyPair } from './license-keys.js';
import { LICENSE_TIERS, type LicenseTier } from './license-payload.js';
import { signLicense } from './sign-license.js';
import { verifyLicense } from './verify-license.js';

/** What the license CLI reads and writes; {@link nodeLicenseCliIo} is the real one. */
export interface LicenseCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  readFile(path: string): Promise<string>;
  /** Creates a new file readable only by its owner; fails if the file exists. */
  writeSecretFile(path: string, contents: string): Promise<void>;
  now(): Date;
}

/** Environment variable `sign` reads the signing key from when `--secret-key-file` is not given. */
export const LICENSE_SECRET_KEY_VARIABLE = 'GATEHOUSE_LICENSE_SECRET_KEY';
/** Environment variable `verify` reads public keys from (comma-separated) when `--public-key` is not given. */
export const LICENSE_PUBLIC_KEYS_VARIABLE = 'GATEHOUSE_LICENSE_PUBLIC_KEYS';

const USAGE = `Usage:
  gatehouse license keygen [--secret-key-out <file>]
      Prints a new public key (GHLPK1.) and its key id. The secret key (GHLSK1.) goes to
      --secret-key-out (created with mode 0600, never overwritten) or, without it, to stdout.
  gatehouse license sign --org <id> --tier <${LICENSE_TIERS.join('|')}> --expires <YYYY-MM-DD|ISO time|Nd>
      [--features a,b] [--limits seats=50,rpm=600] [--id <id>] [--issued <YYYY-MM-DD|ISO time>]
      [--secret-key-file <file>]   (default: $${LICENSE_SECRET_KEY_VARIABLE})
      Prints the license key. The signing key is never accepted on the command line.
  gatehouse license verify <license> --org <id> [--public-key <GHLPK1.…>]... [--grace-days <n>]
      Public keys default to $${LICENSE_PUBLIC_KEYS_VARIABLE} (comma-separated).
      Prints the license as JSON and exits 0, or prints the reason and exits 1.
Exit codes: 0 ok, 1 license invalid, 2 usage or configuration error.
`;

class UsageError extends Error {}

const DAY_MS = 86_400_000;

function parseWhen(value: string, now: Date, flag: string): Date {
  const relative = /^(\d{1,5})d$/.exec(value);
  if (relative) return new Date(now.getTime() + Number(relative[1]) * DAY_MS);
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(date.getTime())) {
    throw new UsageError(`${flag} must be a date (2027-01-31), an ISO time (2027-01-31T12:00:00Z) or a number of days (365d).`);
  }
  return date;
}

function parseList(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function parseLimits(value: string | undefined): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const item of parseList(value)) {
    const m = /^([^=]+)=(\d{1,15})$/.exec(item);
    if (!m) throw new UsageError('--limits takes name=integer pairs separated by commas, e.g. seats=50,rpm=600.');
    limits[m[1]!.trim()] = Number(m[2]);
  }
  return limits;
}

function unknownFlags(argv: readonly string[], known: readonly string[]): string {
  // Name only short, flag-shaped tokens: a mistyped argument may be a key, which is never echoed.
  const bad = argv.filter((a) => /^--?[a-z][a-z-]{0,30}$/.test(a) && !known.includes(a.replace(/^--?/, '')));
  return bad.length > 0 ? ` (unknown: ${bad.join(', ')})` : '';
}

async function keygen(argv: string[], io: LicenseCliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'secret-key-out': { type: 'string' } }, strict: true, allowPositionals: false });
  const pair = await generateLicenseKeyPair();
  const out = values['secret-key-out'];
  if (out !== undefined) {
    await io.writeSecretFile(out, pair.secretKey.expose() + '\n');
    io.stdout(`public key: ${pair.publicKey}\nkey id:     ${pair.keyId}\nsecret key: written to ${out}\n`);
  } else {
    io.stdout(`public key: ${pair.publicKey}\nkey id:     ${pair.keyId}\nsecret key: ${pair.secretKey.expose()}\n`);
    io.stderr('Store the secret key in your secret manager now; it is not saved anywhere.\n');
  }
  return 0;
}

async function sign(argv: string[], io: LicenseCliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      org: { type: 'string' }, tier: { type: 'string' }, expires: { type: 'string' }, features: { type: 'string' },
      limits: { type: 'string' }, id: { type: 'string' }, issued: { type: 'string' }, 'secret-key-file': { type: 'string' },
    },
  });
  if (!values.org || !values.tier || !values.expires) throw new UsageError('sign needs --org, --tier and --expires.');
  if (!(LICENSE_TIERS as readonly string[]).includes(values.tier)) throw new UsageError(`--tier must be one of ${LICENSE_TIERS.join(', ')}.`);
  const now = io.now();
  let secretKey: Secret<string>;
  if (values['secret-key-file'] !== undefined) secretKey = new Secret(await io.readFile(values['secret-key-file']));
  else {
    const fromEnv = io.env[LICENSE_SECRET_KEY_VARIABLE];
    if (!fromEnv) throw new UsageError(`sign needs the signing key: pass --secret-key-file or set ${LICENSE_SECRET_KEY_VARIABLE}.`);
    secretKey = new Secret(fromEnv);
  }
  const token = await signLicense(
    {
      ...(values.id !== undefined ? { id: values.id } : {}),
      org_id: values.org,
      tier: values.tier as LicenseTier,
      features: parseList(values.features),
      issued_at: values.issued !== undefined ? parseWhen(values.issued, now, '--issued') : now,
      expires_at: parseWhen(values.expires, now, '--expires'),
      limits: parseLimits(values.limits),
    },
    secretKey,
    { now },
  );
  io.stdout(token + '\n');
  return 0;
}

async function verify(argv: string[], io: LicenseCliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { org: { type: 'string' }, 'public-key': { type: 'string', multiple: true }, 'grace-days': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('verify takes exactly one license key.');
  if (!values.org) throw new UsageError('verify needs --org.');
  const publicKeys = values['public-key'] ?? parseList(io.env[LICENSE_PUBLIC_KEYS_VARIABLE]);
  if (publicKeys.length === 0) throw new UsageError(`verify needs a public key: pass --public-key or set ${LICENSE_PUBLIC_KEYS_VARIABLE}.`);
  const graceDays = values['grace-days'] === undefined ? 0 : Number(values['grace-days']);
  if (!Number.isFinite(graceDays) || graceDays < 0) throw new UsageError('--grace-days must be a number of days, 0 or more.');
  try {
    const license = await verifyLicense(positionals[0]!, { publicKeys, orgId: values.org, now: io.now(), gracePeriodMs: graceDays * DAY_MS });
    io.stdout(JSON.stringify({
      valid: true, status: license.status, id: license.id, org_id: license.orgId, tier: license.tier,
      features: license.features, limits: license.limits, issued_at: license.issuedAt.toISOString(),
      expires_at: license.expiresAt.toISOString(), key_id: license.keyId,
    }, null, 2) + '\n');
    return 0;
  } catch (error) {
    if (error instanceof LicenseError) {
      io.stderr(`invalid license (${error.reason}): ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/**
 * The vendor-side `gatehouse license keygen | sign | verify` commands. `argv` starts at the
 * subcommand. Resolves to the exit code; never throws for bad input.
 *
 * @example
 * ```ts
 * process.exitCode = await runLicenseCli(process.argv.slice(3), nodeLicenseCliIo());
 * ```
 */
export async function runLicenseCli(argv: readonly string[], io: LicenseCliIo): Promise<number> {
  const [command, ...rest] = argv;
  const known: Record<string, string[]> = {
    keygen: ['secret-key-out'],
    sign: ['org', 'tier', 'expires', 'features', 'limits', 'id', 'issued', 'secret-key-file'],
    verify: ['org', 'public-key', 'grace-days'],
  };
  try {
    switch (command) {
      case 'keygen': return await keygen(rest, io);
      case 'sign': return await sign(rest, io);
      case 'verify': return await verify(rest, io);
      case undefined: case 'help': case '--help': case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.stderr(`Unknown command. ${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof GatehouseError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`Unrecognised arguments${unknownFlags(rest, known[command!] ?? [])}.\n${USAGE}`);
      return 2;
    }
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      io.stderr(`File error: ${code}.\n`);
      return 2;
    }
    throw error;
  }
}

/** The real {@link LicenseCliIo}: process streams, `process.env`, `node:fs`. */
export function nodeLicenseCliIo(): LicenseCliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    readFile: async (path) => (await import('node:fs/promises')).readFile(path, 'utf8'),
    writeSecretFile: async (path, contents) => (await import('node:fs/promises')).writeFile(path, contents, { mode: 0o600, flag: 'wx' }),
    now: () => new Date(),
  };
}
