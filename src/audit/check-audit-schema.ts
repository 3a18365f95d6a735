/**
 * A writer checks at start that the store answers and that the audit migration has run, so a
 * misconfiguration fails at boot with a clear error instead of at the first request.
 */
import { CompiledQuery } from 'kysely';
import { quoteIdentifier } from '../tenancy/identifiers.js';
import { StoreUnavailableError } from '../tenancy/errors.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { withTenant } from '../tenancy/with-tenant.js';
import { classifyWriteError } from './error-kinds.js';
import { AuditSchemaMissingError } from './errors.js';

/** Any valid org id: the probe reads no rows. */
const PROBE_ORG = 'gatehouse-audit-probe';
const MISSING_STATES = new Set(['42P01', '42703', '42501', '3F000']);

function describeStore(store: GatehouseStore): string {
  return `the ${store.backend === 'postgres' ? 'PostgreSQL' : 'PGlite'} store (schema "${store.schema}")`;
}

/**
 * @throws StoreUnavailableError when the store is closed or the database does not answer.
 * @throws AuditSchemaMissingError when the audit tables or columns are missing.
 */
export async function assertAuditReady(store: GatehouseStore): Promise<void> {
  if (store.closed) throw new StoreUnavailableError(describeStore(store), 'the store is closed. Open a new one with openStore().');
  const schema = quoteIdentifier(store.schema);
  try {
    await withTenant(store, PROBE_ORG, (trx) =>
      trx.executeQuery(
        CompiledQuery.raw(
          `select (select count(*) from ${schema}.audit_chains where false) as chains, ` +
            `(select count(*) from ${schema}.decisions where user_digest is not null and text_digest is not null and false) as digests`,
          [],
        ),
      ),
    );
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && MISSING_STATES.has(code)) throw new AuditSchemaMissingError(store.schema, { cause: error });
    if (classifyWriteError(error) === 'connection') {
      throw new StoreUnavailableError(describeStore(store), `${(error as Error).message}. Is the database up?`, { cause: error });
    }
    throw error;
  }
}
