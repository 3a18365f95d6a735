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

/** The cache, and when each record it holds was read. */
export interface CachedApiKeyLookup extends ApiKeyLookup {
  /**
   * When the store read that produced `record` started (epoch ms, by the cache's clock), or
   * `undefined` for a record this cache did not read (or with `ttlMs: 0`). A record stays
   * trusted until this plus `ttlMs`.
   */
  readAt(record: ApiKeyRecord): number | undefined;
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
export function createCachedApiKeyLookup(lookup: ApiKeyLookup, options: CachedApiKeyLookupOptions = {}): CachedApiKeyLookup {
  const ttlMs = options.ttlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(ttlMs) || ttlMs < 0) throw new InvalidOptionError(`apiKeyCacheTtlMs must be a whole number of milliseconds, 0 or more; got ${String(ttlMs)}.`);
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new InvalidOptionError(`maxEntries must be a positive integer; got ${String(maxEntries)}.`);
  if (ttlMs === 0) return Object.freeze({ findByKeyId: (keyId: string) => lookup.findByKeyId(keyId), readAt: () => undefined });
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  // The first read that produced each record object (a lookup may hand back the same object again).
  const readAt = new WeakMap<ApiKeyRecord, number>();

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
          if (r === undefined) {
            if (entries.get(keyId) === entry) entries.delete(keyId);
          } else if (typeof r === 'object' && r !== null && !readAt.has(r)) {
            readAt.set(r, t);
          }
        },
        () => {
          if (entries.get(keyId) === entry) entries.delete(keyId);
        },
      );
      return record;
    },
    readAt: (record: ApiKeyRecord) => readAt.get(record),
  });
}
