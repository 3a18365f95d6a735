import type { GatehouseStore } from '../../tenancy/store.js';
import { API_KEY_ID_LENGTH, type ApiKeyEnvironment } from '../api-keys/api-key-format.js';
import type { ApiKeyLookup, ApiKeyRecord } from '../api-keys/api-key-store.js';
import { toHex } from '../encoding.js';
import { databaseRuntime } from './database-runtime.js';

/** What `lookup_api_key()` returns: the key's org and its SHA-256 digest, nothing else. */
export interface ApiKeyLookupRow {
  readonly org_id: string;
  readonly key_hash: Uint8Array;
}

/** The rest of the key's record, read under its org's row-level security. */
interface KeyDetailsRow {
  client_id: string | null;
  kind: string;
  environment: string;
  name: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  replaced_by: string | null;
  key_hash: Uint8Array;
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
 * The function returns only the org id and the digest. The rest of the record (client,
 * environment, expiry, revocation) is then read inside `withTenant(orgId)`, so it passes the
 * same row-level security as any tenant query. The secret is never sent to the database: the
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
      const found = await lookupApiKeyRow(store, keyId);
      if (!found) return undefined;
      const { withTenant } = await databaseRuntime();
      const row = await withTenant(store, found.org_id, (trx) =>
        (trx as unknown as { selectFrom(t: string): { select(c: readonly string[]): { where(a: string, op: string, v: string): { executeTakeFirst(): Promise<KeyDetailsRow | undefined> } } } })
          .selectFrom('api_keys')
          .select(['client_id', 'kind', 'environment', 'name', 'created_at', 'expires_at', 'revoked_at', 'replaced_by', 'key_hash'])
          .where('key_id', '=', keyId)
          .executeTakeFirst(),
      );
      // Admin keys never live in the tenant table (its CHECK allows only 'tenant').
      if (!row || row.kind !== 'tenant' || row.client_id === null) return undefined;
      return Object.freeze({
        keyId,
        kind: 'tenant',
        environment: row.environment as ApiKeyEnvironment,
        orgId: found.org_id,
        clientId: row.client_id,
        name: row.name,
        digest: toHex(row.key_hash),
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        // Revocation takes effect at once, whatever the verifying clock says: a revoked key
        // reads as revoked since the epoch.
        revokedAt: row.revoked_at === null ? null : new Date(0),
        replacedBy: row.replaced_by,
      });
    },
  });
}
