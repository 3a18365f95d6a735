import type { Secret } from '../secret.js';
import { ApiKeyNotFoundError, ApiKeyOptionError } from './api-key-errors.js';
import { apiKeyDigest, generateApiKey, type ApiKeyEnvironment, type ApiKeyKind } from './api-key-format.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store.js';

/** A key as shown in lists: everything but the digest. */
export type ApiKeySummary = Omit<ApiKeyRecord, 'digest'> & { readonly displayPrefix: string };

/** One change to an API key, for the audit log. Never contains the key or its digest. */
export interface ApiKeyEvent {
  readonly type: 'api_key.created' | 'api_key.rotated' | 'api_key.revoked' | 'api_key.expiry_changed';
  readonly at: Date;
  readonly orgId: string | null;
  readonly keyId: string;
  readonly clientId: string;
  readonly kind: ApiKeyKind;
  /** Who made the change, as the caller identifies them. */
  readonly actor: string | undefined;
  /** For `api_key.rotated`: the new key. */
  readonly replacementKeyId?: string;
  /** For `api_key.rotated` and `api_key.expiry_changed`: the key's new expiry. */
  readonly expiresAt?: Date | null;
}

/** Receives every {@link ApiKeyEvent}. It is awaited: a failing sink fails the call. */
export type ApiKeyAuditSink = (event: ApiKeyEvent) => void | Promise<void>;

/** Options of {@link createApiKeyManager}. */
export interface ApiKeyManagerOptions {
  store: ApiKeyStore;
  /**
   * Where every change goes: `apiKeyAuditSink(store, …)` from `gatehouse/audit` records it in the
   * org's audit chain. Required: `'off'` must be said explicitly, so no key change goes
   * unrecorded by accident.
   */
  audit: ApiKeyAuditSink | 'off';
  now?: () => Date;
}

/** What {@link ApiKeyManager.create} needs. */
export interface CreateApiKeyInput {
  /** The owning org; `null` for an admin key. */
  orgId: string | null;
  /** Who uses the key: 1 to 128 letters, digits, `_`, `.`, `@` or `-` (no `:`, the Basic-auth separator). */
  clientId: string;
  kind?: ApiKeyKind;
  environment?: ApiKeyEnvironment;
  name?: string;
  expiresAt?: Date | null;
  actor?: string;
}

/** Creates, lists, rotates, revokes and expires API keys, recording each change. */
export interface ApiKeyManager {
  /** Returns the new key once (show it, then drop it) and its summary. */
  create(input: CreateApiKeyInput): Promise<{ key: Secret<string>; summary: ApiKeySummary }>;
  list(orgId: string | null): Promise<ApiKeySummary[]>;
  revoke(keyId: string, scope: { orgId: string | null; actor?: string }): Promise<ApiKeySummary>;
  /**
   * Issues a replacement key with the same org, client, kind and environment, and lets the
   * old key keep working for `overlapMs` (0: it stops now) so callers can switch over.
   */
  rotate(keyId: string, scope: { orgId: string | null; overlapMs: number; actor?: string }): Promise<{ key: Secret<string>; summary: ApiKeySummary; previous: ApiKeySummary }>;
  /** Sets (or with `null` clears) a key's expiry. */
  setExpiry(keyId: string, scope: { orgId: string | null; expiresAt: Date | null; actor?: string }): Promise<ApiKeySummary>;
}

export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_.@-]{1,128}$/;

function summarise(record: ApiKeyRecord): ApiKeySummary {
  const { digest: _digest, ...rest } = record;
  const prefix = record.kind === 'admin' ? 'gh_admin_' : `gh_${record.environment ?? 'live'}_`;
  return Object.freeze({ ...rest, displayPrefix: prefix + record.keyId });
}

/**
 * Key lifecycle over an {@link ApiKeyStore}. Every change is sent to `audit` after it is
 * stored. Calls name the org they act in; a key of another org is reported as not found.
 *
 * @example
 * ```ts
 * const keys = createApiKeyManager({ store, audit: (e) => auditLog.append(e) });
 * const { key } = await keys.create({ orgId: 'acme', clientId: 'checkout-service' });
 * await keys.rotate(keyId, { orgId: 'acme', overlapMs: 24 * 3_600_000 });
 * ```
 */
export function createApiKeyManager(options: ApiKeyManagerOptions): ApiKeyManager {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  if (options.audit !== 'off' && typeof options.audit !== 'function') {
    throw new ApiKeyOptionError('createApiKeyManager needs options.audit: a sink such as apiKeyAuditSink(store, { auditSecret }) from gatehouse/audit, or the explicit string "off".');
  }
  const audit: ApiKeyAuditSink = options.audit === 'off' ? () => undefined : options.audit;

  async function owned(keyId: string, orgId: string | null): Promise<ApiKeyRecord> {
    const record = await store.findByKeyId(keyId);
    if (!record || record.orgId !== orgId) throw new ApiKeyNotFoundError(keyId);
    return record;
  }

  async function issue(input: CreateApiKeyInput, at: Date): Promise<{ key: Secret<string>; record: ApiKeyRecord }> {
    const kind = input.kind ?? 'tenant';
    if (!CLIENT_ID_PATTERN.test(input.clientId ?? '')) throw new ApiKeyOptionError('clientId must be 1 to 128 letters, digits, "_", ".", "@" or "-".');
    if (kind === 'tenant' && (typeof input.orgId !== 'string' || input.orgId === '')) throw new ApiKeyOptionError('A tenant key needs an orgId.');
    if (kind === 'admin' && input.orgId !== null) throw new ApiKeyOptionError('An admin key belongs to no org: pass orgId: null.');
    if (input.expiresAt && Number.isNaN(input.expiresAt.getTime())) throw new ApiKeyOptionError('expiresAt is an invalid Date.');
    const generated = generateApiKey(kind, kind === 'admin' ? null : (input.environment ?? 'live'));
    const record: ApiKeyRecord = {
      keyId: generated.keyId,
      kind,
      environment: generated.environment,
      orgId: input.orgId,
      clientId: input.clientId,
      name: input.name ?? null,
      digest: apiKeyDigest(generated.value),
      createdAt: at,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
      replacedBy: null,
    };
    await store.insert(record);
    return { key: generated.value, record };
  }

  function event(type: ApiKeyEvent['type'], record: ApiKeyRecord, at: Date, actor: string | undefined, extra: Partial<ApiKeyEvent> = {}): ApiKeyEvent {
    return Object.freeze({ type, at, orgId: record.orgId, keyId: record.keyId, clientId: record.clientId, kind: record.kind, actor, ...extra });
  }

  return {
    async create(input) {
      const at = now();
      const { key, record } = await issue(input, at);
      await audit(event('api_key.created', record, at, input.actor));
      return { key, summary: summarise(record) };
    },

    async list(orgId) {
      return (await store.listByOrg(orgId)).map(summarise);
    },

    async revoke(keyId, scope) {
      const at = now();
      const record = await owned(keyId, scope.orgId);
      const updated = (await store.update(keyId, { revokedAt: record.revokedAt ?? at })) ?? record;
      await audit(event('api_key.revoked', updated, at, scope.actor));
      return summarise(updated);
    },

    async rotate(keyId, scope) {
      if (!Number.isFinite(scope.overlapMs) || scope.overlapMs < 0) throw new ApiKeyOptionError('overlapMs must be a number of milliseconds, 0 or more.');
      const at = now();
      const old = await owned(keyId, scope.orgId);
      if (old.revokedAt !== null) throw new ApiKeyOptionError(`API key ${keyId} is revoked; create a new key instead of rotating it.`);
      const { key, record } = await issue(
        { orgId: old.orgId, clientId: old.clientId, kind: old.kind, ...(old.environment ? { environment: old.environment } : {}), name: old.name ?? undefined, expiresAt: null, actor: scope.actor },
        at,
      );
      // The overlap can only shorten the old key's life, never extend it.
      const overlapEnd = new Date(at.getTime() + scope.overlapMs);
      const expiresAt = old.expiresAt !== null && old.expiresAt.getTime() < overlapEnd.getTime() ? old.expiresAt : overlapEnd;
      const previous = (await store.update(keyId, { expiresAt, replacedBy: record.keyId })) ?? old;
      await audit(event('api_key.created', record, at, scope.actor));
      await audit(event('api_key.rotated', previous, at, scope.actor, { replacementKeyId: record.keyId, expiresAt }));
      return { key, summary: summarise(record), previous: summarise(previous) };
    },

    async setExpiry(keyId, scope) {
      if (scope.expiresAt !== null && Number.isNaN(scope.expiresAt.getTime())) throw new ApiKeyOptionError('expiresAt is an invalid Date.');
      const at = now();
      await owned(keyId, scope.orgId);
      const updated = await store.update(keyId, { expiresAt: scope.expiresAt });
      if (!updated) throw new ApiKeyNotFoundError(keyId);
      await audit(event('api_key.expiry_changed', updated, at, scope.actor, { expiresAt: scope.expiresAt }));
      return summarise(updated);
    },
  };
}
