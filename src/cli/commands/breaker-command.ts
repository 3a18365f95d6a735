/**
 * `gatehouse breaker trip|reset|status`: the emergency circuit breakers (src/pep/breakers)
 * from a terminal. The operator holds the database credentials, so acts as an org admin; the
 * actor and reason go into the breaker's append-only history, and every running process sees
 * the change (LISTEN/NOTIFY or its next poll).
 */
import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { EXIT_OK } from '../exit-codes.js';
import { BREAKER_SCOPES, type BreakerScope } from '../../pep/breakers/breaker-tables.js';
import { parseCommandLine } from '../parse-command-line.js';
import { actorOf, openCliStore, requiredString, STORE_OPTIONS, STORE_OPTIONS_HELP } from './cli-store.js';

export const BREAKER_HELP = `Usage: gatehouse breaker <trip|reset|status> --org <id> [options]

Operates an org's circuit breakers in the store (migrations are applied first).
  trip     stops traffic for a scope until reset (or for --duration)
  reset    lets it through again
  status   lists the org's tripped breakers
Trips and resets record --actor and --reason in the breaker history.

Options:
  --org <id>              the org (required)
  --scope <scope>         org (default), client, policy, model or tool
  --key <name>            the client id, policy id, model or tool; not for --scope org
  --reason <text>         trip, reset: why (required)
  --actor <id>            who is acting (default cli:$USER)
  --duration <time>       trip: close by itself after e.g. 90s, 30m, 2h, 1d
  --json                  status: JSON instead of a table
${STORE_OPTIONS_HELP}
  -h, --help              show this help

Examples:
  gatehouse breaker trip --org acme --scope tool --key db.query --reason "runaway agent" --duration 30m
  gatehouse breaker status --org acme
  gatehouse breaker reset --org acme --scope tool --key db.query --reason "fixed in v2.3"
`;

const OPTIONS = {
  ...STORE_OPTIONS,
  org: { type: 'string' },
  scope: { type: 'string' },
  key: { type: 'string' },
  reason: { type: 'string' },
  actor: { type: 'string' },
  duration: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const SUBCOMMANDS = ['trip', 'reset', 'status'] as const;
const ALLOWED: Record<(typeof SUBCOMMANDS)[number], readonly string[]> = {
  trip: ['org', 'scope', 'key', 'reason', 'actor', 'duration'],
  reset: ['org', 'scope', 'key', 'reason', 'actor'],
  status: ['org', 'json'],
};

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m` → 1 800 000. A whole number with a unit (ms, s, m, h, d). */
export function parseDuration(text: string): number {
  const m = /^(\d{1,9})(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new CliUsageError('--duration must be a whole number with a unit: ms, s, m, h or d (e.g. 30m).', 'breaker');
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  if (ms <= 0) throw new CliUsageError('--duration must be more than zero.', 'breaker');
  return ms;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** Runs `gatehouse breaker …` with the arguments after `breaker`. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const cli = parseCommandLine('breaker', argv, OPTIONS);
  if (cli.help) {
    io.stdout.write(BREAKER_HELP);
    return EXIT_OK;
  }
  const [sub, ...extra] = cli.positionals;
  if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw new CliUsageError(sub === undefined ? 'Say what to do: breaker trip, breaker reset or breaker status.' : 'Unknown subcommand; use trip, reset or status.', 'breaker');
  }
  if (extra.length > 0) throw new CliUsageError(`breaker ${sub} takes no positional arguments.`, 'breaker');
  const action = sub as (typeof SUBCOMMANDS)[number];
  const v = cli.values;
  for (const name of Object.keys(v)) {
    if (name in STORE_OPTIONS || name === 'help' || ALLOWED[action].includes(name)) continue;
    throw new CliUsageError(`--${name} does not apply to breaker ${action}.`, 'breaker');
  }
  const orgId = requiredString(v, 'org', `breaker ${action}`, 'org id');
  const scope = (typeof v.scope === 'string' ? v.scope : 'org') as BreakerScope;
  if (!BREAKER_SCOPES.includes(scope)) throw new CliUsageError(`--scope must be one of ${BREAKER_SCOPES.join(', ')}.`, 'breaker');
  if (scope !== 'org' && typeof v.key !== 'string') throw new CliUsageError(`A ${scope} breaker needs --key <name> (the ${scope} to stop).`, 'breaker');
  if (scope === 'org' && typeof v.key === 'string') throw new CliUsageError('An org breaker has no --key: it stops the whole org.', 'breaker');
  const target = { orgId, scope, ...(typeof v.key === 'string' ? { key: v.key } : {}) };
  const reason = action === 'status' ? '' : requiredString(v, 'reason', `breaker ${action}`, 'why');
  const durationMs = typeof v.duration === 'string' ? parseDuration(v.duration) : undefined;

  const store = await openCliStore(v, io, 'breaker');
  try {
    const { createBreakerService } = await import('../../pep/breakers/breaker-service.js');
    // No start(): a one-shot command reads and writes the store directly and never polls.
    const breakers = createBreakerService(store, { listenUrl: false });
    try {
      const actor = { id: actorOf(v, io), orgId, roles: ['admin'] };
      if (action === 'trip') {
        const state = await breakers.trip({ ...target, reason, actor, ...(durationMs !== undefined ? { durationMs } : {}) });
        io.stdout.write(`Tripped ${state.scope} breaker ${state.key} of org ${orgId}${state.expiresAt ? ` until ${state.expiresAt}` : ' until reset'}.\n`);
      } else if (action === 'reset') {
        const { wasTripped } = await breakers.reset({ ...target, reason, actor });
        io.stdout.write(wasTripped ? `Reset ${scope} breaker ${target.key ?? orgId} of org ${orgId}.\n` : `The ${scope} breaker ${target.key ?? orgId} of org ${orgId} was not tripped; nothing to reset.\n`);
      } else {
        const tripped = (await breakers.status(orgId)).map((b) => ({
          scope: b.scope, key: b.key, reason: b.reason, tripped_by: b.trippedBy, tripped_at: iso(b.trippedAt), expires_at: iso(b.expiresAt),
        }));
        if (v.json === true) io.stdout.write(`${JSON.stringify({ org_id: orgId, breakers: tripped }, null, 2)}\n`);
        else if (tripped.length === 0) io.stdout.write(`No breaker of org ${orgId} is tripped.\n`);
        else for (const b of tripped) io.stdout.write(`${b.scope}  ${b.key}  tripped by ${b.tripped_by} at ${b.tripped_at}${b.expires_at ? `, until ${b.expires_at}` : ''}: ${b.reason}\n`);
      }
    } finally {
      await breakers.close();
    }
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
