/**
 * `gatehouse serve`: the Decision Mode server over a store. Opens and migrates the store,
 * compiles the policies, starts the audit writer, the circuit breakers and the approval queue,
 * authenticates tenants with the stored API keys and operators with the admin-key digests, and
 * shuts all of it down cleanly on SIGINT or SIGTERM.
 */
import type { GatehouseStore } from '../../tenancy/store.js';
import type { Logger } from '../../pep/log/logger.js';
import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { EXIT_OK } from '../exit-codes.js';
import { parseCommandLine } from '../parse-command-line.js';
import { parseSize } from '../scan/parse-size.js';
import { loadPolicyEngine, REDACTION_SECRET_VARIABLE } from '../load-policy-engine.js';
import { openCliStore, STORE_OPTIONS } from './cli-store.js';

/**
 * Most audit records per INSERT in `serve` when the writer shares the event loop
 * (`--audit-thread off`). Smaller than the writer's default (500): a batch is prepared and sent in
 * one turn of the event loop, so a big one holds every request behind it; 64 cut the decide
 * route's p99 by about 1.5 ms under load in bench/server/ablation.ts, at the same CPU per
 * request.
 */
const SERVE_AUDIT_BATCH_SIZE = 64;

/**
 * The audit thread's batches in `serve`, on both backends: at most 100 records, a buffered record
 * waiting at most 10 ms (writer defaults: 500 and 50 ms). The thread delays no request directly,
 * but on two cores a long batch (hashing, JSON and encoding a few hundred rows; on PGlite also
 * its INSERT in the PGlite thread) takes a core from the event loop for milliseconds at a time.
 * PostgreSQL: p99 4.3–4.4 ms against 5.1–5.3 ms with the defaults, for ~13 µs more CPU per
 * request (bench/server.bench.ts --audit-thread-ab). PGlite, interleaved runs: p99 4.6–5.0 ms
 * against 5.2–5.5 ms with 500/50, for ~30 µs more CPU per request (6,300–6,700 against
 * 6,800–6,900 req/s); 50/5 cost more CPU again and did not lower the p99.
 */
const SERVE_AUDIT_THREAD_BATCH_SIZE = 100;
const SERVE_AUDIT_THREAD_INTERVAL_MS = 10;

/** Environment variable with the audit secret (32+ bytes): needed unless `--audit off`. */
export const AUDIT_SECRET_VARIABLE = 'GATEHOUSE_AUDIT_SECRET';

export const SERVE_HELP = `Usage: gatehouse serve --policies <file.json> [options]

Runs the Decision Mode HTTP server: POST /api/v1/decide for gateways that are not Node, plus
GET /api/v1/audit, POST /api/v1/gdpr/delete, admin breaker routes, GET /health and GET /metrics.
Uses PostgreSQL when --url (or --database-url) or DATABASE_URL is set, otherwise PGlite under
.gatehouse/db (or --data-dir), run in a worker thread so that its SQL does not hold the event
loop. Migrations are applied at start. The audit writer runs in a worker thread too (its
digests, hash chain and batches use another core, not the event loop that answers requests);
--audit-thread off keeps it on the main thread.

Options:
  --policies <file>         the policy set, as JSON (required)
  --port <n>                port to listen on (default 8080; 0 picks a free one)
  --host <address>          interface to listen on (default 127.0.0.1)
  --url <url>               PostgreSQL connection string (default: DATABASE_URL)
  --database-url <url>      the same as --url (its older name, still accepted)
  --data-dir <dir>          PGlite data directory (default: .gatehouse/db)
  --schema <name>           schema of the tables (default: gatehouse)
  --audit <mode>            buffered (default), sync, or off
  --audit-thread <on|off>   write the audit trail from a worker thread with its own
                            connection to the store (default on)
  --body-limit <size>       largest request body (default 1MiB)
  --request-timeout <ms>    longest a request may take, in milliseconds (default 10000)
  --new-admin-key           print a new admin key and its SHA-256 digest, then exit
  -h, --help                show this help

Environment:
  ${AUDIT_SECRET_VARIABLE}      audit digest secret, 32+ bytes (required unless --audit off)
  GATEHOUSE_ADMIN_KEY_SHA256  comma-separated SHA-256 digests of the admin keys; without it the
                              admin routes (/api/v1/gdpr, /api/v1/admin) refuse every request
  ${REDACTION_SECRET_VARIABLE}  keeps hash and format_preserving output stable across restarts

Authentication: tenant routes take a tenant API key ("Authorization: Bearer gh_live_…" or Basic
clientId:key) and act for the key's org; admin routes take an admin key ("Bearer gh_admin_…").
GET /api/v1/audit needs audit:read: bind a role to the subject "client:<clientId>" of the key.

Examples:
  gatehouse serve --policies policies.json --port 8080
  DATABASE_URL=postgres://app@db:5432/app gatehouse serve --policies policies.json --audit sync
  gatehouse serve --new-admin-key
`;

const OPTIONS = {
  policies: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  ...STORE_OPTIONS,
  // The older name of --url, still accepted.
  'database-url': { type: 'string' },
  audit: { type: 'string' },
  'audit-thread': { type: 'string' },
  'body-limit': { type: 'string' },
  'request-timeout': { type: 'string' },
  'new-admin-key': { type: 'boolean' },
} as const;

/** A running `gatehouse serve`: its URL, its store, and a clean shutdown. */
export interface RunningServe {
  readonly url: string;
  readonly store: GatehouseStore;
  /** Stops the server, drains the audit queue, stops breakers and approvals, closes the store. */
  close(): Promise<void>;
}

/** A pino-style logger writing one JSON line per entry to stderr. Fields are ids and codes only. */
function stderrLogger(io: CliIo): Logger {
  const line = (level: string, fields: Record<string, unknown>, msg: string) => io.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`);
  return { warn: (fields, msg) => line('warn', fields, msg), error: (fields, msg) => line('error', fields, msg) };
}

/** A whole-number command-line argument (a string, unlike the library's integerOption): a usage error otherwise. */
function wholeNumberArgument(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < min || n > max) throw new CliUsageError(`${name} must be a whole number from ${min} to ${max}.`, 'serve');
  return n;
}

/** The PostgreSQL URL from `--url` or its older name `--database-url`; checked before anything is opened. */
function databaseUrlOption(values: Record<string, unknown>): string | undefined {
  const url = typeof values.url === 'string' ? values.url : undefined;
  const legacy = typeof values['database-url'] === 'string' ? values['database-url'] : undefined;
  if (url !== undefined && legacy !== undefined) throw new CliUsageError('Give --url or --database-url (its older name), not both.', 'serve');
  if ((url ?? legacy) !== undefined && typeof values['data-dir'] === 'string') {
    throw new CliUsageError(`Give ${url !== undefined ? '--url' : '--database-url'} or --data-dir, not both.`, 'serve');
  }
  return url ?? legacy;
}

/**
 * Starts the server described by `argv` (the arguments after `serve`) and resolves once it
 * listens. {@link run} calls it and waits for a signal; tests and embedders call it directly.
 *
 * @example
 * ```ts
 * const serve = await startServe(['--policies', 'policies.json', '--port', '0', '--data-dir', 'db'], io);
 * await fetch(`${serve.url}/health`);
 * await serve.close();
 * ```
 */
export async function startServe(argv: readonly string[], io: CliIo): Promise<RunningServe> {
  const cli = parseCommandLine('serve', argv, OPTIONS);
  if (cli.positionals.length > 0) throw new CliUsageError('serve takes no positional arguments.', 'serve');
  const v = cli.values;
  if (typeof v.policies !== 'string') throw new CliUsageError('serve needs --policies <file.json>, the policy set to decide with.', 'serve');
  const url = databaseUrlOption(v);
  const auditMode = (v.audit ?? 'buffered') as string;
  if (auditMode !== 'buffered' && auditMode !== 'sync' && auditMode !== 'off') throw new CliUsageError('--audit must be buffered, sync or off.', 'serve');
  const auditThread = (v['audit-thread'] ?? 'on') as string;
  if (auditThread !== 'on' && auditThread !== 'off') throw new CliUsageError('--audit-thread must be on or off.', 'serve');
  const port = wholeNumberArgument(v.port, '--port', 8080, 0, 65535);
  const requestTimeoutMs = wholeNumberArgument(v['request-timeout'], '--request-timeout', 10_000, 100, 600_000);
  const bodyLimitBytes = typeof v['body-limit'] === 'string' ? parseSize(v['body-limit'], '--body-limit', 'serve') : undefined;
  const host = typeof v.host === 'string' ? v.host : '127.0.0.1';
  const auditSecret = io.env[AUDIT_SECRET_VARIABLE];
  if (auditMode !== 'off' && (auditSecret === undefined || Buffer.byteLength(auditSecret) < 32)) {
    throw new CliUsageError(`Set ${AUDIT_SECRET_VARIABLE} to a secret of 32 bytes or more (e.g. the output of: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"), or run with --audit off.`, 'serve');
  }

  const { parseAdminKeyDigests, ADMIN_KEY_DIGESTS_VARIABLE } = await import('../../pep/http/admin-key-authenticator.js');
  let adminKeyDigests: string[];
  try {
    adminKeyDigests = parseAdminKeyDigests(io.env[ADMIN_KEY_DIGESTS_VARIABLE]);
  } catch (error) {
    throw new CliUsageError((error as Error).message, 'serve');
  }
  const engine = await loadPolicyEngine(io, v.policies, 'serve');
  const logger = stderrLogger(io);

  // PGlite runs in a worker thread: its SQL (each audit batch's INSERT) must not hold the event
  // loop that answers requests for milliseconds at a time; the audit thread shares it.
  const store = await openCliStore({ ...v, url }, io, 'serve', { pgliteThread: true });
  const cleanups: (() => Promise<unknown>)[] = [() => store.close()];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.error({ error: (error as Error)?.name }, 'shutdown step failed');
      }
    }
  };
  try {
    const [{ createAuditWriter }, { startAuditThread }, { createBreakerService }, { createApprovalService }, crypto, http] = await Promise.all([
      import('../../audit/audit-writer.js'),
      import('../../audit/audit-thread.js'),
      import('../../pep/breakers/breaker-service.js'),
      import('../../pep/approvals/approval-service.js'),
      import('../../crypto/index.js'),
      import('../../pep/http/index.js'),
    ]);
    const listenUrl = store.backend === 'postgres' ? (url ?? io.env.DATABASE_URL ?? false) : false;

    const threaded = auditMode !== 'off' && auditThread === 'on';
    const auditOptions = {
      auditSecret: auditSecret!, mode: auditMode as 'buffered' | 'sync',
      onError: (e: { code: string; records: number; willRetry: boolean }) => logger.error({ code: e.code, records: e.records, willRetry: e.willRetry }, 'audit write failed'),
    };
    const audit = auditMode === 'off' ? null
      : threaded ? await startAuditThread(store, {
        ...auditOptions, maxBatchSize: SERVE_AUDIT_THREAD_BATCH_SIZE, ...(auditMode === 'buffered' ? { flushIntervalMs: SERVE_AUDIT_THREAD_INTERVAL_MS } : {}),
      })
        : await createAuditWriter(store, { ...auditOptions, maxBatchSize: SERVE_AUDIT_BATCH_SIZE });
    if (audit) cleanups.push(() => audit.close({ timeoutMs: 10_000 }));

    const breakers = createBreakerService(store, { logger, listenUrl });
    cleanups.push(() => breakers.close());
    await breakers.start();
    const approvals = createApprovalService(store, { logger, listenUrl });
    cleanups.push(() => approvals.close());

    const roleStore = crypto.createKyselyRoleStore(store);
    const authorizer = crypto.createAuthorizer(roleStore);
    const server = http.createDecisionServer({
      engine,
      audit,
      // Violations are only counted for automatic trips, which `serve` does not configure.
      breakers: { snapshot: breakers.snapshot, status: breakers.status, trip: breakers.trip, reset: breakers.reset },
      approvals,
      apiKeys: crypto.createKyselyApiKeyLookup(store),
      adminKeyDigests,
      auditRecords: auditSecret !== undefined && Buffer.byteLength(auditSecret) >= 32 ? http.storeAuditRecords(store, { auditSecret }) : null,
      callerRoles: (caller) => roleStore.rolesOf(caller.orgId, `client:${caller.clientId}`),
      authorize: authorizer.can,
      logger,
      host,
      requestTimeoutMs,
      ...(bodyLimitBytes !== undefined ? { bodyLimitBytes } : {}),
    });
    const listening = await server.listen(port);
    cleanups.push(() => server.close());
    io.stdout.write(`gatehouse serve: listening on ${listening} (store: ${store.backend}, audit: ${auditMode}${threaded ? ' in a worker thread' : ''}, admin keys: ${adminKeyDigests.length})\n`);
    return { url: listening, store, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * Runs `gatehouse serve` until SIGINT or SIGTERM, then shuts down cleanly.
 *
 * @example
 * ```ts
 * await run(['--policies', 'policies.json', '--port', '8080'], nodeCliIo()); // returns after SIGTERM
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const cli = parseCommandLine('serve', argv, OPTIONS);
  if (cli.help) {
    io.stdout.write(SERVE_HELP);
    return EXIT_OK;
  }
  if (cli.values['new-admin-key'] === true) {
    const { generateApiKey, apiKeyDigest } = await import('../../crypto/index.js');
    const key = generateApiKey('admin').value;
    io.stdout.write(`admin key (shown once; store it in your secret manager):\n  ${key.expose()}\nconfigure the server with its digest:\n  GATEHOUSE_ADMIN_KEY_SHA256=${apiKeyDigest(key)}\n`);
    return EXIT_OK;
  }
  const serve = await startServe(argv, io);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.stderr.write('gatehouse serve: shutting down\n');
  await serve.close();
  return EXIT_OK;
}
