import type { GatehouseStore } from '../../tenancy/store.js';

/**
 * The connection string the LISTEN connection uses: `listenUrl` when given, `false` to poll
 * only, and by default `DATABASE_URL` for a PostgreSQL store (what `openStore()` itself
 * defaults to). PGlite has no other process to hear from: always undefined.
 *
 * A URL that reaches another database only costs latency: polling still sees every change.
 */
export function resolveListenUrl(store: GatehouseStore, listenUrl: string | false | undefined): string | undefined {
  if (store.backend !== 'postgres' || listenUrl === false) return undefined;
  return listenUrl ?? process.env.DATABASE_URL ?? undefined;
}
