import type { GatehouseStore } from '../../tenancy/store.js';
import { API_KEY_ID_LENGTH, type ApiKeyEnvironment } from '../api-keys/api-key-format.js';
import type { ApiKeyLookup, ApiKeyRecord } from '../api-keys/api-key-store.js';
import { toHex } from '../encoding.js';
import { databaseRuntime } from './database-runtime.js';

/** What `lookup_api_key()` returns: nothing secret, and only whether the key is revoked. */
export interface ApiKeyLookupRow {
  readonly org_id: string;
  readonly client_id: string;
  readonly kind: string;
  readonly environment: string;
  readonly expires_at: Date | null;
  readonly revoked: boolean;
  readonly key_hash: Uint8Array;
}

const KEY_ID = new RegExp(`^[0-9A-Za-z]{${API_KEY_ID_LENGTH}}$`);

/**
 * Calls `<schema>.lookup_api_key(key id)` on the app connection, with no org context. The
 * function (migrations/0004) is SECURITY DEFINER and the only cross-org read of `api_keys` the
 * app role has. A malformed id never reaches the database.
 */
export async function lookupApiKeyRow(store: GatehouseStore, keyId: string): Promise<ApiKeyLookupRow | undefined> {
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) return undefined;
  const { sql } = await databaseRuntime();
  const { rows } = await sql<ApiKeyLookupRow>`select * from ${sql.id(store.schema, 'lookup_api_key')}(${keyId})`.execute(store.app);
  // The function returns at most one row; more would mean a broken function, so fail closed.
  return rows.length === 1 ? rows[0] : undefined;
}

/**
 * The request path's {@link ApiKeyLookup} over a Gatehouse store: it resolves a presented key's
 * id to its org before any org context exists, as the app role, through the narrow
 * `lookup_api_key()` SECURITY DEFINER function. It never needs the platform admin role, and the
 * app role still cannot read other orgs' `api_keys` rows.
 *
 * The record carries only what verification needs. The function reports revocation as a flag,
 * not a time, so a revoked key's `revokedAt` is the epoch (always in the past: revocation takes
 * effect at once, whatever the clocks say); `name`, `createdAt` and `replacedBy` are not
 * returned and read as `null` / the epoch. The secret is never sent to the database: the
 * SHA-256 digests are compared in the application, in constant time, by `verifyApiKey`.
 *
 * @example
 * ```ts
 * const lookup = createKyselyApiKeyLookup(store);
 * const caller = await authenticate(req.headers.authorization, { kind: 'tenant', lookup });
 * caller.orgId; // then withTenant(store, caller.orgId, ...)
 * ```
 */
export function createKyselyApiKeyLookup(store: GatehouseStore): ApiKeyLookup {
  return Object.freeze({
    async findByKeyId(keyId: string): Promise<ApiKeyRecord | undefined> {
      const row = await lookupApiKeyRow(store, keyId);
      // Admin keys never live in the tenant table (its CHECK allows only 'tenant').
      if (!row || row.kind !== 'tenant') return undefined;
      return Object.freeze({
        keyId,
        kind: 'tenant',
        environment: row.environment as ApiKeyEnvironment,
        orgId: row.org_id,
        clientId: row.client_id,
        name: null,
        digest: toHex(row.key_hash),
        createdAt: new Date(0),
        expiresAt: row.expires_at,
        revokedAt: row.revoked ? new Date(0) : null,
        replacedBy: null,
      });
    },
  });
}
