/**
 * `gatehouse evidence export|verify`: the command-line face of {@link exportEvidence} (for the
 * operator, with database access and the signing key) and {@link verifyEvidence} (for an
 * auditor with the export and the org's public key, and nothing else).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { GatehouseError } from '../errors.js';
import type { OpenStoreOptions } from '../tenancy/store.js';
import { verifyEvidence } from './verify-evidence.js';

const VERIFY_USAGE = `Usage: gatehouse evidence verify <export.jsonl> --public-key <hex> [options]

Verifies an audit evidence export: the manifest's Ed25519 signature under the public key
you trust, the file's SHA-256, and the hash chain over every line. Exit code 0: valid;
1: invalid (edited, deleted or reordered records, or a bad signature); 2: usage or I/O error.

Options:
  --public-key <hex>        the signer's 32-byte Ed25519 public key, as 64 hex digits
  --public-key-file <path>  a file holding the key as hex (or 32 raw bytes)
  --manifest <path>         default: <export>.manifest.json, with a trailing .jsonl dropped
  -h, --help                show this help
`;

const EXPORT_USAGE = `Usage: gatehouse evidence export --org <id> --signing-key-file <path> [options]

Exports an org's audit records as JSON Lines with an Ed25519-signed manifest. Uses
PostgreSQL when --url or DATABASE_URL is set, otherwise PGlite under .gatehouse/db.
Exit code 0: written; 1: the export failed; 2: usage error.

Options:
  --org <id>                 the org whose records to export
  --signing-key-file <path>  the 32-byte Ed25519 secret key, raw or as 64 hex digits
  --out <file.jsonl>         default: <org>-evidence.jsonl; the manifest goes next to it
  --from <time>              records at or after this ISO 8601 time
  --to <time>                records before this ISO 8601 time
  --url <url>                PostgreSQL connection string (default: DATABASE_URL)
  --data-dir <dir>           PGlite data directory
  --schema <name>            default: gatehouse
  -h, --help                 show this help
`;

const USAGE = `Usage: gatehouse evidence <export|verify> ...\n\n${EXPORT_USAGE}\n${VERIFY_USAGE}`;

export interface EvidenceCliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: EvidenceCliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** `acme.jsonl` → `acme.manifest.json`; `acme.log` → `acme.log.manifest.json`. */
export function defaultManifestPath(file: string): string {
  return `${file.endsWith('.jsonl') ? file.slice(0, -'.jsonl'.length) : file}.manifest.json`;
}

type Values = Record<string, string | boolean | undefined>;

function parse(argv: readonly string[], options: Record<string, { type: 'string' | 'boolean'; short?: string }>): { values: Values; positionals: string[] } {
  return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true }) as { values: Values; positionals: string[] };
}

async function readPublicKey(path: string): Promise<string | Uint8Array> {
  const bytes = await readFile(path);
  if (bytes.byteLength === 32) return new Uint8Array(bytes);
  return bytes.toString('utf8').trim();
}

async function readSigningKey(path: string): Promise<Uint8Array | undefined> {
  const bytes = await readFile(path);
  if (bytes.byteLength === 32) return new Uint8Array(bytes);
  const text = bytes.toString('utf8').trim();
  return /^[0-9a-fA-F]{64}$/.test(text) ? new Uint8Array(Buffer.from(text, 'hex')) : undefined;
}

function ioError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return `Cannot read ${e.path ?? 'a file'}: ${e.code ?? e.message}.`;
}

async function runVerify(argv: readonly string[], io: EvidenceCliIo): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv, { 'public-key': { type: 'string' }, 'public-key-file': { type: 'string' }, manifest: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${VERIFY_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(VERIFY_USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    io.err(`${file === undefined ? 'Missing the export file' : 'Too many arguments'}.\n\n${VERIFY_USAGE}`);
    return 2;
  }
  const keyText = values['public-key'];
  const keyFile = values['public-key-file'];
  if ((keyText === undefined) === (keyFile === undefined)) {
    io.err(`Give the trusted public key with exactly one of --public-key or --public-key-file. (The key inside the manifest proves nothing: anyone can re-sign an edited export.)\n\n${VERIFY_USAGE}`);
    return 2;
  }
  const manifestPath = typeof values.manifest === 'string' ? values.manifest : defaultManifestPath(file);
  let jsonl: string;
  let manifest: string;
  let publicKey: string | Uint8Array;
  try {
    jsonl = await readFile(file, 'utf8');
    manifest = await readFile(manifestPath, 'utf8');
    publicKey = typeof keyText === 'string' ? keyText.trim() : await readPublicKey(keyFile as string);
  } catch (error) {
    io.err(ioError(error));
    return 2;
  }
  let result;
  try {
    result = await verifyEvidence(jsonl, manifest, publicKey);
  } catch (error) {
    io.err(`${(error as Error).message}`);
    return 2;
  }
  if (result.valid) {
    const span = result.count === 0 ? 'no records' : `${result.count} records, seq ${result.firstSeq}..${result.lastSeq}`;
    io.out(`VALID: ${file}: org ${result.orgId}, ${span}; signature, file digest and hash chain verified.`);
    return 0;
  }
  io.out(`INVALID: ${file}: ${result.problems.length} problem(s)${result.problems.length >= 100 ? ' (first 100 shown)' : ''}:`);
  for (const problem of result.problems) io.out(`  [${problem.kind}]${problem.seq === null ? '' : ` seq ${problem.seq}`}: ${problem.message}`);
  return 1;
}

async function runExport(argv: readonly string[], io: EvidenceCliIo): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv, {
      org: { type: 'string' }, 'signing-key-file': { type: 'string' }, out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
      url: { type: 'string' }, 'data-dir': { type: 'string' }, schema: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${EXPORT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(EXPORT_USAGE);
    return 0;
  }
  const org = values.org;
  const keyFile = values['signing-key-file'];
  if (typeof org !== 'string' || typeof keyFile !== 'string' || positionals.length > 0) {
    io.err(`${positionals.length > 0 ? `Unexpected argument "${positionals[0]}"` : 'Give --org and --signing-key-file'}.\n\n${EXPORT_USAGE}`);
    return 2;
  }
  let signingKey: Uint8Array | undefined;
  try {
    signingKey = await readSigningKey(keyFile);
  } catch (error) {
    io.err(ioError(error));
    return 2;
  }
  if (signingKey === undefined) {
    io.err(`${keyFile} does not hold an Ed25519 secret key: it must be 32 raw bytes or 64 hex digits.`);
    return 2;
  }
  const out = typeof values.out === 'string' ? values.out : `${org}-evidence.jsonl`;
  const storeOptions: OpenStoreOptions = {};
  if (typeof values.url === 'string') storeOptions.url = values.url;
  if (typeof values['data-dir'] === 'string') storeOptions.dataDir = values['data-dir'];
  if (typeof values.schema === 'string') storeOptions.schema = values.schema;
  try {
    // Loaded here, so that `verify` never loads a database driver.
    const [{ openStore }, { exportEvidence }] = await Promise.all([import('../tenancy/open-store.js'), import('./export-evidence.js')]);
    const store = await openStore(storeOptions);
    try {
      const { jsonl, manifest } = await exportEvidence(store, org, {
        signingKey,
        ...(typeof values.from === 'string' ? { from: values.from } : {}),
        ...(typeof values.to === 'string' ? { to: values.to } : {}),
      });
      await writeFile(out, jsonl);
      await writeFile(defaultManifestPath(out), `${JSON.stringify(manifest, null, 2)}\n`);
      const span = manifest.count === 0 ? 'no records' : `${manifest.count} records, seq ${manifest.range.first_seq}..${manifest.range.last_seq}`;
      io.out(`Exported ${span} of org ${org} to ${out} and ${defaultManifestPath(out)}.`);
      io.out(`Public key (give it to the auditor): ${manifest.public_key}`);
      return 0;
    } finally {
      await store.close();
    }
  } catch (error) {
    io.err(error instanceof GatehouseError ? `gatehouse evidence export: ${error.message} [${error.code}]` : `gatehouse evidence export: ${(error as Error).message}`);
    return 1;
  }
}

/**
 * Runs `gatehouse evidence <argv>` (the arguments after `evidence`) and returns the exit code.
 * `verify`: 0 valid, 1 invalid, 2 bad usage or unreadable files. `export`: 0 written, 1 failed,
 * 2 bad usage.
 *
 * @example
 * ```ts
 * process.exitCode = await runEvidenceCli(['verify', 'acme-q1.jsonl', '--public-key', trustedKeyHex]);
 * process.exitCode = await runEvidenceCli(['export', '--org', 'acme', '--signing-key-file', 'audit.key', '--out', 'acme-q1.jsonl']);
 * ```
 */
export async function runEvidenceCli(argv: readonly string[], io: EvidenceCliIo = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'verify') return runVerify(rest, io);
  if (command === 'export') return runExport(rest, io);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    if (command === undefined) {
      io.err(`Missing command.\n\n${USAGE}`);
      return 2;
    }
    io.out(USAGE);
    return 0;
  }
  io.err(`Unknown command "${command}". Use export or verify.\n\n${USAGE}`);
  return 2;
}
