/**
 * `gatehouse keys create|list|revoke`: tenant API keys in the store, through
 * `createApiKeyManager` over `createKyselyApiKeyStore` (src/crypto). Each change is recorded in
 * the org's audit chain by `apiKeyAuditSink` (src/audit) when GATEHOUSE_AUDIT_SECRET is set.
 * The new key is written to stdout once and nowhere else; nothing else printed is secret.
 * The CLI runs with the store's admin connection, so it acts as the platform operator.
 */
import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { EXIT_OK } from '../exit-codes.js';
import { parseCommandLine } from '../parse-command-line.js';
import { actorOf, openCliStore, requiredString, STORE_OPTIONS, STORE_OPTIONS_HELP } from './cli-store.js';
import { AUDIT_SECRET_VARIABLE } from './serve-command.js';

export const KEYS_HELP = `Usage: gatehouse keys <create|list|revoke> --org <id> [options]

Manages an org's tenant API keys in the store (migrations are applied first).
  create   issues a key for --client; prints the key on stdout ONCE (store it now; only its
           SHA-256 digest is kept), and its key id on stderr
  list     the org's keys: id, client, environment, status, dates; never a key or digest
  revoke   revokes --key-id at once
Every change is recorded in the org's audit trail (stage api_key.created, api_key.revoked),
so create and revoke need ${AUDIT_SECRET_VARIABLE}. To change keys without an audit record
you must say so with --no-audit (fail closed: without either, nothing is changed).

Options:
  --org <id>              the org (required)
  --client <id>           create: the client that uses the key (required)
  --env <live|test>       create: the key's environment (default live)
  --name <text>           create: a label for the key
  --key-id <id>           revoke: the key id (as list shows it)
  --actor <id>            who is acting, for the audit trail (default cli:$USER); the CLI acts as the
                          platform operator, as it holds the admin database connection
  --json                  list: JSON instead of a table
  --no-audit              create/revoke: change the key without an audit record (explicit opt-out)
${STORE_OPTIONS_HELP}
  -h, --help              show this help

Environment:
  ${AUDIT_SECRET_VARIABLE}  audit digest secret, 32+ bytes: records each change
  DATABASE_URL            PostgreSQL connection string, when --url and --data-dir are absent

Examples:
  gatehouse keys create --org acme --client checkout --env test > checkout.key
  gatehouse keys list --org acme
  gatehouse keys revoke --org acme --key-id 4fQ7x2Lm9pRt
`;

const OPTIONS = {
  ...STORE_OPTIONS,
  org: { type: 'string' },
  client: { type: 'string' },
  env: { type: 'string' },
  name: { type: 'string' },
  'key-id': { type: 'string' },
  actor: { type: 'string' },
  json: { type: 'boolean' },
  'no-audit': { type: 'boolean' },
} as const;

const SUBCOMMANDS = ['create', 'list', 'revoke'] as const;

/** The options each subcommand takes besides the store options; others are refused. */
const ALLOWED: Record<(typeof SUBCOMMANDS)[number], readonly string[]> = {
  create: ['org', 'client', 'env', 'name', 'actor', 'no-audit'],
  list: ['org', 'json'],
  revoke: ['org', 'key-id', 'actor', 'no-audit'],
};

function auditSecretOf(io: CliIo): string | undefined {
  const secret = io.env[AUDIT_SECRET_VARIABLE];
  if (secret === undefined || secret === '') return undefined;
  if (Buffer.byteLength(secret) < 32) throw new CliUsageError(`${AUDIT_SECRET_VARIABLE} must be 32 bytes or more (the same secret serve uses).`, 'keys');
  return secret;
}

function statusOf(key: { revokedAt: Date | null; expiresAt: Date | null; replacedBy: string | null }, now: Date): string {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return key.replacedBy !== null ? 'rotating' : 'active';
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** Runs `gatehouse keys …` with the arguments after `keys`. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const cli = parseCommandLine('keys', argv, OPTIONS);
  if (cli.help) {
    io.stdout.write(KEYS_HELP);
    return EXIT_OK;
  }
  const [sub, ...extra] = cli.positionals;
  if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw new CliUsageError(sub === undefined ? 'Say what to do: keys create, keys list or keys revoke.' : `Unknown subcommand; use create, list or revoke.`, 'keys');
  }
  if (extra.length > 0) throw new CliUsageError(`keys ${sub} takes no positional arguments.`, 'keys');
  const action = sub as (typeof SUBCOMMANDS)[number];
  const v = cli.values;
  for (const name of Object.keys(v)) {
    if (name in STORE_OPTIONS || name === 'help' || ALLOWED[action].includes(name)) continue;
    throw new CliUsageError(`--${name} does not apply to keys ${action}.`, 'keys');
  }
  const orgId = requiredString(v, 'org', `keys ${action}`, 'org id');
  const environment = v.env ?? 'live';
  if (environment !== 'live' && environment !== 'test') throw new CliUsageError('--env must be live or test.', 'keys');
  const clientId = action === 'create' ? requiredString(v, 'client', 'keys create', 'client id') : undefined;
  const keyId = action === 'revoke' ? requiredString(v, 'key-id', 'keys revoke', 'key id') : undefined;
  const auditSecret = action === 'list' ? undefined : auditSecretOf(io);
  if (action !== 'list' && auditSecret === undefined && v['no-audit'] !== true) {
    throw new CliUsageError(`keys ${action} records the change in the audit trail: set ${AUDIT_SECRET_VARIABLE} (32+ bytes), or pass --no-audit to change the key without a record.`, 'keys');
  }

  const store = await openCliStore(v, io, 'keys');
  try {
    const [{ createApiKeyManager, createKyselyApiKeyStore, platformOperator }, { apiKeyAuditSink }] = await Promise.all([
      import('../../crypto/index.js'),
      import('../../audit/api-key-audit-sink.js'),
    ]);
    const keys = createApiKeyManager({
      store: createKyselyApiKeyStore(store),
      audit: auditSecret !== undefined ? apiKeyAuditSink(store, { auditSecret }) : 'off',
    });
    // Whoever can run the CLI holds the admin connection: the platform operator, not an org member.
    const actor = platformOperator(actorOf(v, io));
    const unrecorded = () => {
      if (auditSecret === undefined) io.stderr.write(`warning: --no-audit: this change is not recorded in the audit trail.\n`);
    };

    if (action === 'create') {
      const { key, summary } = await keys.create({ orgId, clientId: clientId!, environment, actor, ...(typeof v.name === 'string' ? { name: v.name } : {}) });
      // The only place the key ever appears: stdout, once.
      io.stdout.write(`${key.expose()}\n`);
      io.stderr.write(`Created key ${summary.keyId} (${summary.displayPrefix}…) for client ${summary.clientId} of org ${orgId}. It is not shown again.\n`);
      unrecorded();
    } else if (action === 'revoke') {
      const summary = await keys.revoke(keyId!, { orgId, actor });
      io.stdout.write(`Revoked key ${summary.keyId} (client ${summary.clientId}) of org ${orgId}.\n`);
      unrecorded();
    } else {
      const now = new Date();
      const rows = (await keys.list(orgId, actor)).map((k) => ({
        key_id: k.keyId, prefix: k.displayPrefix, client_id: k.clientId, environment: k.environment, name: k.name, status: statusOf(k, now),
        created_at: iso(k.createdAt), expires_at: iso(k.expiresAt), revoked_at: iso(k.revokedAt), replaced_by: k.replacedBy,
      }));
      if (v.json === true) {
        io.stdout.write(`${JSON.stringify({ org_id: orgId, keys: rows }, null, 2)}\n`);
      } else if (rows.length === 0) {
        io.stdout.write(`Org ${orgId} has no API keys.\n`);
      } else {
        for (const r of rows) io.stdout.write(`${r.key_id}  ${r.client_id}  ${r.environment}  ${r.status}  created ${r.created_at}${r.expires_at ? `  expires ${r.expires_at}` : ''}${r.name ? `  ${r.name}` : ''}\n`);
      }
    }
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
