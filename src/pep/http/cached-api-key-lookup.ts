/**
 * A short-lived cache in front of an {@link ApiKeyLookup}, so that the decide path does not
 * make a database round trip per request. Only the stored record (public key id, digest,
 * status) is cached, never a presented key; `verifyApiKey` still compares the digest, the
 * revocation and the expiry on every request against the cached record.
 */
import type { ApiKeyLookup, ApiKeyRecord } from '../../crypto/api-keys/api-key-store.js';
import { InvalidOptionError } from '../../errors.js';

export interface CachedApiKeyLookupOptions {
  /**
   * How long a record is reused, in ms. A key revoked in the store stops working within this
   * long. Default 5000; 0 turns the cache off.
   */
  ttlMs?: number;
  /** Most records kept; the oldest go first. Default 10000. */
  maxEntries?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry {
  readonly at: number;
  readonly record: Promise<ApiKeyRecord | undefined>;
}

/**
 * Wraps `lookup` with a time-bounded cache. Misses (unknown key ids) are not cached, so a new
 * key works at once; concurrent lookups of one key id share one query; a failed query is
 * never cached.
 *
 * @example
 * ```ts
 * const lookup = createCachedApiKeyLookup(createKyselyApiKeyLookup(store), { ttlMs: 5_000 });
 * const caller = await authenticate(req.headers.authorization, { kind: 'tenant', lookup });
 * ```
 */
export function createCachedApiKeyLookup(lookup: ApiKeyLookup, options: CachedApiKeyLookupOptions = {}): ApiKeyLookup {
  const ttlMs = options.ttlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(ttlMs) || ttlMs < 0) throw new InvalidOptionError(`apiKeyCacheTtlMs must be a whole number of milliseconds, 0 or more; got ${String(ttlMs)}.`);
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new InvalidOptionError(`maxEntries must be a positive integer; got ${String(maxEntries)}.`);
  if (ttlMs === 0) return lookup;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  return Object.freeze({
    findByKeyId(keyId: string): Promise<ApiKeyRecord | undefined> {
      const t = now();
      const hit = entries.get(keyId);
      if (hit !== undefined && t - hit.at < ttlMs) return hit.record;
      if (hit !== undefined) entries.delete(keyId);
      const record = lookup.findByKeyId(keyId);
      const entry: Entry = { at: t, record };
      entries.set(keyId, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      record.then(
        (r) => {
          if (r === undefined && entries.get(keyId) === entry) entries.delete(keyId);
        },
        () => {
          if (entries.get(keyId) === entry) entries.delete(keyId);
        },
      );
      return record;
    },
  });
}
