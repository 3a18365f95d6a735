import type { ApiKeyPatch, ApiKeyRecord, ApiKeyStore } from './api-key-store.js';

function copy(record: ApiKeyRecord): ApiKeyRecord {
  const d = (v: Date | null): Date | null => (v === null ? null : new Date(v.getTime()));
  return Object.freeze({ ...record, createdAt: new Date(record.createdAt.getTime()), expiresAt: d(record.expiresAt), revokedAt: d(record.revokedAt) });
}

/**
 * An in-memory {@link ApiKeyStore}. Records are copied in and out, so callers cannot change
 * what is stored by mutating a returned object.
 *
 * @example
 * ```ts
 * const store = createMemoryApiKeyStore();
 * const keys = createApiKeyManager({ store, audit: 'off' });
 * ```
 */
export function createMemoryApiKeyStore(): ApiKeyStore {
  const records = new Map<string, ApiKeyRecord>();
  return {
    async findByKeyId(keyId) {
      const r = records.get(keyId);
      return r && copy(r);
    },
    async insert(record) {
      if (records.has(record.keyId)) throw new Error(`An API key with id ${record.keyId} already exists.`);
      records.set(record.keyId, copy(record));
    },
    async listByOrg(orgId) {
      return [...records.values()]
        .filter((r) => r.orgId === orgId)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .map(copy);
    },
    async update(keyId, patch: ApiKeyPatch) {
      const r = records.get(keyId);
      if (!r) return undefined;
      const next = copy({
        ...r,
        ...(patch.revokedAt !== undefined ? { revokedAt: patch.revokedAt } : {}),
        ...(patch.expiresAt !== undefined ? { expiresAt: patch.expiresAt } : {}),
        ...(patch.replacedBy !== undefined ? { replacedBy: patch.replacedBy } : {}),
      });
      records.set(keyId, next);
      return copy(next);
    },
  };
}
