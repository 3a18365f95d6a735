import type { Selectable } from 'kysely';
import type { GatehouseStore } from '../../tenancy/store.js';
import { ApiKeyOptionError } from '../api-keys/api-key-errors.js';
import { API_KEY_ID_LENGTH } from '../api-keys/api-key-format.js';
import { CLIENT_ID_PATTERN } from '../api-keys/api-key-manager.js';
import type { ApiKeyPatch, ApiKeyRecord, ApiKeyStore } from '../api-keys/api-key-store.js';
import { fromHex, toHex } from '../encoding.js';
import { databaseRuntime } from './database-runtime.js';
import { lookupApiKeyRow } from './kysely-api-key-lookup.js';
import { cryptoTables, type ApiKeyRow } from './store-tables.js';

const KEY_ID = new RegExp(`^[0-9A-Za-z]{${API_KEY_ID_LENGTH}}$`);
const DIGEST = /^[0-9a-f]{64}$/;
const UNIQUE_VIOLATION = '23505';

function tenantOnly(): ApiKeyOptionError {
  return new ApiKeyOptionError(
    'The database API-key store holds tenant keys only. Admin keys belong to no org, so they cannot live under row-level security; keep them in a separate ApiKeyStore.',
  );
}

function toRecord(row: Selectable<ApiKeyRow>): ApiKeyRecord {
  return Object.freeze({
    keyId: row.key_id,
    kind: 'tenant',
    environment: row.environment,
    orgId: row.org_id,
    clientId: row.client_id ?? '',
    name: row.name,
    digest: toHex(row.key_hash),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    replacedBy: row.replaced_by,
  });
}

function checkRecord(record: ApiKeyRecord): asserts record is ApiKeyRecord & { orgId: string } {
  if (record.kind !== 'tenant' || record.orgId === null) throw tenantOnly();
  if (!KEY_ID.test(record.keyId)) throw new ApiKeyOptionError(`keyId must be ${API_KEY_ID_LENGTH} base62 characters, as generateApiKey() makes them.`);
  if (!DIGEST.test(record.digest)) throw new ApiKeyOptionError('digest must be a SHA-256 digest as 64 lowercase hex characters (apiKeyDigest()).');
  if (!CLIENT_ID_PATTERN.test(record.clientId)) throw new ApiKeyOptionError('clientId must be 1 to 128 letters, digits, "_", ".", "@" or "-".');
  if (record.environment !== 'live' && record.environment !== 'test') throw new ApiKeyOptionError('A tenant key\'s environment must be "live" or "test".');
}

/**
 * The {@link ApiKeyStore} over a Gatehouse store's `api_keys` table, for `createApiKeyManager`.
 *
 * - `insert`, `listByOrg` and `update` run inside `withTenant` for the key's org, as the app
 *   role, so row-level security applies to every write and list.
 * - `findByKeyId` and `update` learn a key's org through the same narrow `lookup_api_key()`
 *   function the request path uses, then read or write the row under that org's context. (The
 *   manager then checks that the org is the one the caller named.)
 * - Only the SHA-256 digest is stored (as `key_hash`), never the key.
 * - Tenant keys only: an admin key (`orgId: null`) is refused with `ApiKeyOptionError`.
 *
 * Pass {@link createKyselyApiKeyLookup} (or this store) to `authenticate` as the lookup.
 *
 * @example
 * ```ts
 * const keys = createApiKeyManager({ store: createKyselyApiKeyStore(store), audit });
 * const { key } = await keys.create({ orgId: 'acme', clientId: 'checkout-service' });
 * ```
 */
export function createKyselyApiKeyStore(store: GatehouseStore): ApiKeyStore {
  async function readInOrg(orgId: string, keyId: string): Promise<ApiKeyRecord | undefined> {
    const { withTenant } = await databaseRuntime();
    const row = await withTenant(store, orgId, (trx) =>
      cryptoTables(trx).selectFrom('api_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst(),
    );
    return row && toRecord(row);
  }

  return Object.freeze({
    async findByKeyId(keyId: string): Promise<ApiKeyRecord | undefined> {
      const found = await lookupApiKeyRow(store, keyId);
      return found && readInOrg(found.org_id, keyId);
    },

    async insert(record: ApiKeyRecord): Promise<void> {
      checkRecord(record);
      const { withTenant } = await databaseRuntime();
      try {
        await withTenant(store, record.orgId, (trx) =>
          cryptoTables(trx).insertInto('api_keys').values({
            org_id: record.orgId,
            key_id: record.keyId,
            name: record.name,
            key_hash: fromHex(record.digest)!,
            client_id: record.clientId,
            kind: 'tenant',
            environment: record.environment!,
            created_at: record.createdAt,
            expires_at: record.expiresAt,
            revoked_at: record.revokedAt,
            replaced_by: record.replacedBy,
          }).execute(),
        );
      } catch (error) {
        if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw new ApiKeyOptionError(`An API key with id ${record.keyId} already exists.`);
        throw error;
      }
    },

    async listByOrg(orgId: string | null): Promise<ApiKeyRecord[]> {
      if (orgId === null) throw tenantOnly();
      const { withTenant } = await databaseRuntime();
      const rows = await withTenant(store, orgId, (trx) =>
        cryptoTables(trx).selectFrom('api_keys').selectAll()
          .where('org_id', '=', orgId)
          // Rows without a client id were not written by the crypto layer and are not keys it can verify.
          .where('client_id', 'is not', null)
          .orderBy('created_at', 'desc').orderBy('key_id')
          .execute(),
      );
      return rows.map(toRecord);
    },

    async update(keyId: string, patch: ApiKeyPatch): Promise<ApiKeyRecord | undefined> {
      const found = await lookupApiKeyRow(store, keyId);
      if (!found) return undefined;
      const set = {
        ...(patch.revokedAt !== undefined ? { revoked_at: patch.revokedAt } : {}),
        ...(patch.expiresAt !== undefined ? { expires_at: patch.expiresAt } : {}),
        ...(patch.replacedBy !== undefined ? { replaced_by: patch.replacedBy } : {}),
      };
      if (Object.keys(set).length === 0) return readInOrg(found.org_id, keyId);
      const { withTenant } = await databaseRuntime();
      const row = await withTenant(store, found.org_id, (trx) =>
        cryptoTables(trx).updateTable('api_keys').set(set).where('key_id', '=', keyId).returningAll().executeTakeFirst(),
      );
      return row && toRecord(row);
    },
  });
}
