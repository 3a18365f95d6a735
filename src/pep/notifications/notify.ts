import { sql } from 'kysely';
import type { GatehouseStore } from '../../tenancy/store.js';
import type { TenantTransaction } from '../../tenancy/with-tenant.js';

/**
 * Queues a notification in the caller's transaction: PostgreSQL delivers it to listeners only
 * when the transaction commits, so a listener never hears of a change it cannot yet read.
 * PGlite has no other process to tell, so this is a no-op there. The payload is ids only.
 */
export async function notifyOnCommit(trx: TenantTransaction, store: GatehouseStore, channel: string, payload: Record<string, string>): Promise<void> {
  if (store.backend !== 'postgres') return;
  await sql`select pg_notify(${channel}, ${JSON.stringify(payload)})`.execute(trx);
}
