import { authorizeRecordedActor, recordActor, type ManagementActor, type RecordedActor } from '../rbac/authorize-actor.js';
import type { Permission } from '../rbac/permissions.js';
import { PermissionDeniedError, type PermissionDenialReason } from '../rbac/rbac-errors.js';
import { builtinAuthorize, type Authorize } from '../rbac/require-permissions.js';
import type { Secret } from '../secret.js';
import { ApiKeyNotFoundError, ApiKeyOptionError } from './api-key-errors.js';
import { API_KEY_ID_LENGTH, apiKeyDigest, generateApiKey, type ApiKeyEnvironment, type ApiKeyKind } from './api-key-format.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store.js';

/** A key as shown in lists: everything but the digest. */
export type ApiKeySummary = Omit<ApiKeyRecord, 'digest'> & { readonly displayPrefix: string };

/** One change to an API key, for the audit log. Never contains the key or its digest. */
export interface ApiKeyChangeEvent {
  readonly type: 'api_key.created' | 'api_key.rotated' | 'api_key.revoked' | 'api_key.expiry_changed';
  readonly at: Date;
  readonly orgId: string | null;
  readonly keyId: string;
  readonly clientId: string;
  readonly kind: ApiKeyKind;
  /** Who made the change: the org member (with the roles that allowed it) or the platform operator. */
  readonly actor: RecordedActor;
  /** For `api_key.rotated`: the new key. */
  readonly replacementKeyId?: string;
  /** For `api_key.rotated` and `api_key.expiry_changed`: the key's new expiry. */
  readonly expiresAt?: Date | null;
}

/** The manager's operations, as denied events name them. */
export type ApiKeyOperation = 'create' | 'list' | 'revoke' | 'rotate' | 'set_expiry';

/** A call the permission check refused; nothing was changed. */
export interface ApiKeyDeniedEvent {
  readonly type: 'api_key.denied';
  readonly at: Date;
  /** The org the call acted in; `null` for admin keys (or an org that was not a string). */
  readonly orgId: string | null;
  readonly operation: ApiKeyOperation;
  readonly permission: Permission;
  readonly reason: PermissionDenialReason;
  /** The key the call named, when it named a well-formed key id. */
  readonly keyId?: string;
  /** `null` when no valid actor was given. */
  readonly actor: RecordedActor | null;
}

/** What the manager reports to its audit sink. */
export type ApiKeyEvent = ApiKeyChangeEvent | ApiKeyDeniedEvent;

/** Receives every {@link ApiKeyEvent}. It is awaited: a failing sink fails a change (a denial stays a denial). */
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
  /**
   * The permission check: `keys:manage` for create, rotate, revoke and setExpiry, `keys:read`
   * for list. Default: built-in roles only; `createAuthorizer(roleStore).can` adds custom roles.
   */
  authorize?: Authorize;
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
  /** Who is acting: a member of `orgId` with `keys:manage`, or the platform operator (required for admin keys). */
  actor: ManagementActor;
}

/**
 * Creates, lists, rotates, revokes and expires API keys, recording each change. Every call
 * names the org it acts in and the actor; a refused call throws `PermissionDeniedError` and
 * changes nothing.
 */
export interface ApiKeyManager {
  /** Returns the new key once (show it, then drop it) and its summary. Needs `keys:manage`. */
  create(input: CreateApiKeyInput): Promise<{ key: Secret<string>; summary: ApiKeySummary }>;
  /** The org's keys (`null`: admin keys, platform operator only). Needs `keys:read`. */
  list(orgId: string | null, actor: ManagementActor): Promise<ApiKeySummary[]>;
  /** Needs `keys:manage`. */
  revoke(keyId: string, scope: { orgId: string | null; actor: ManagementActor }): Promise<ApiKeySummary>;
  /**
   * Issues a replacement key with the same org, client, kind and environment, and lets the
   * old key keep working for `overlapMs` (0: it stops now) so callers can switch over.
   * Needs `keys:manage`.
   */
  rotate(keyId: string, scope: { orgId: string | null; overlapMs: number; actor: ManagementActor }): Promise<{ key: Secret<string>; summary: ApiKeySummary; previous: ApiKeySummary }>;
  /** Sets (or with `null` clears) a key's expiry. Needs `keys:manage`. */
  setExpiry(keyId: string, scope: { orgId: string | null; expiresAt: Date | null; actor: ManagementActor }): Promise<ApiKeySummary>;
}

export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_.@-]{1,128}$/;
const KEY_ID = new RegExp(`^[0-9A-Za-z]{${API_KEY_ID_LENGTH}}$`);

function summarise(record: ApiKeyRecord): ApiKeySummary {
  const { digest: _digest, ...rest } = record;
  const prefix = record.kind === 'admin' ? 'gh_admin_' : `gh_${record.environment ?? 'live'}_`;
  return Object.freeze({ ...rest, displayPrefix: prefix + record.keyId });
}

/**
 * Key lifecycle over an {@link ApiKeyStore}. Calls name the org they act in and who acts:
 *
 * - The actor is checked first, before any input or store read: a member of that org holding
 *   `keys:manage` (`keys:read` to list), or the platform operator (`platformOperator()`), the
 *   only one who may manage admin keys (`orgId: null`). Anything else (no actor, a malformed
 *   one, a member of another org, an authorizer that throws) is a `PermissionDeniedError`, an
 *   `api_key.denied` event, and no change.
 * - Every change is sent to `audit` after it is stored, naming the actor.
 * - A key of another org than the one named is reported as not found.
 *
 * @example
 * ```ts
 * const keys = createApiKeyManager({ store, audit: (e) => auditLog.append(e), authorize: createAuthorizer(roleStore).can });
 * const ana = { id: 'ana@acme.example', orgId: 'acme', roles: ['admin'] };
 * const { key, summary } = await keys.create({ orgId: 'acme', clientId: 'checkout-service', actor: ana });
 * await keys.rotate(summary.keyId, { orgId: 'acme', overlapMs: 24 * 3_600_000, actor: ana });
 * ```
 */
export function createApiKeyManager(options: ApiKeyManagerOptions): ApiKeyManager {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  if (options.audit !== 'off' && typeof options.audit !== 'function') {
    throw new ApiKeyOptionError('createApiKeyManager needs options.audit: a sink such as apiKeyAuditSink(store, { auditSecret }) from gatehouse/audit, or the explicit string "off".');
  }
  const audit: ApiKeyAuditSink = options.audit === 'off' ? () => undefined : options.audit;
  if (options.authorize !== undefined && typeof options.authorize !== 'function') {
    throw new ApiKeyOptionError('options.authorize must be a function (identity, permission) => boolean, such as createAuthorizer(roleStore).can; leave it out for built-in roles.');
  }
  const authorize = options.authorize ?? builtinAuthorize;

  /** The actor as recorded, or a denial: recorded as `api_key.denied`, then thrown. */
  async function permitted(operation: ApiKeyOperation, actor: unknown, orgId: unknown, keyId?: unknown): Promise<RecordedActor> {
    const permission: Permission = operation === 'list' ? 'keys:read' : 'keys:manage';
    const org = typeof orgId === 'string' ? orgId : null;
    // Parsed once: the check and the denial record both use this.
    const recorded = recordActor(actor);
    try {
      return await authorizeRecordedActor(authorize, recorded, orgId as string | null, permission);
    } catch (error) {
      if (!(error instanceof PermissionDeniedError)) throw error;
      const denied: ApiKeyDeniedEvent = Object.freeze({
        type: 'api_key.denied', at: now(), orgId: org, operation, permission, reason: error.reason, actor: recorded,
        ...(typeof keyId === 'string' && KEY_ID.test(keyId) ? { keyId } : {}),
      });
      try {
        await audit(denied);
      } catch (auditError) {
        // The caller still learns it was refused; why the record failed travels as the cause.
        throw new PermissionDeniedError(permission, error.orgId, { reason: error.reason, cause: error.cause ?? auditError });
      }
      throw error;
    }
  }

  async function owned(keyId: string, orgId: string | null): Promise<ApiKeyRecord> {
    const record = await store.findByKeyId(keyId);
    if (!record || record.orgId !== orgId) throw new ApiKeyNotFoundError(keyId);
    return record;
  }

  async function issue(input: Omit<CreateApiKeyInput, 'actor'>, at: Date): Promise<{ key: Secret<string>; record: ApiKeyRecord }> {
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

  type ChangeExtra = Pick<ApiKeyChangeEvent, 'replacementKeyId' | 'expiresAt'>;
  function event(type: ApiKeyChangeEvent['type'], record: ApiKeyRecord, at: Date, actor: RecordedActor, extra: ChangeExtra = {}): ApiKeyChangeEvent {
    return Object.freeze({ type, at, orgId: record.orgId, keyId: record.keyId, clientId: record.clientId, kind: record.kind, actor, ...extra });
  }

  return {
    async create(input) {
      const actor = await permitted('create', input?.actor, input?.orgId);
      const at = now();
      const { key, record } = await issue(input, at);
      await audit(event('api_key.created', record, at, actor));
      return { key, summary: summarise(record) };
    },

    async list(orgId, who) {
      await permitted('list', who, orgId);
      return (await store.listByOrg(orgId)).map(summarise);
    },

    async revoke(keyId, scope) {
      const actor = await permitted('revoke', scope?.actor, scope?.orgId, keyId);
      const at = now();
      const record = await owned(keyId, scope.orgId);
      const updated = (await store.update(keyId, { revokedAt: record.revokedAt ?? at })) ?? record;
      await audit(event('api_key.revoked', updated, at, actor));
      return summarise(updated);
    },

    async rotate(keyId, scope) {
      const actor = await permitted('rotate', scope?.actor, scope?.orgId, keyId);
      if (!Number.isFinite(scope.overlapMs) || scope.overlapMs < 0) throw new ApiKeyOptionError('overlapMs must be a number of milliseconds, 0 or more.');
      const at = now();
      const old = await owned(keyId, scope.orgId);
      if (old.revokedAt !== null) throw new ApiKeyOptionError(`API key ${keyId} is revoked; create a new key instead of rotating it.`);
      const { key, record } = await issue(
        { orgId: old.orgId, clientId: old.clientId, kind: old.kind, ...(old.environment ? { environment: old.environment } : {}), name: old.name ?? undefined, expiresAt: null },
        at,
      );
      // The overlap can only shorten the old key's life, never extend it.
      const overlapEnd = new Date(at.getTime() + scope.overlapMs);
      const expiresAt = old.expiresAt !== null && old.expiresAt.getTime() < overlapEnd.getTime() ? old.expiresAt : overlapEnd;
      const previous = (await store.update(keyId, { expiresAt, replacedBy: record.keyId })) ?? old;
      await audit(event('api_key.created', record, at, actor));
      await audit(event('api_key.rotated', previous, at, actor, { replacementKeyId: record.keyId, expiresAt }));
      return { key, summary: summarise(record), previous: summarise(previous) };
    },

    async setExpiry(keyId, scope) {
      const actor = await permitted('set_expiry', scope?.actor, scope?.orgId, keyId);
      if (scope.expiresAt !== null && Number.isNaN(scope.expiresAt.getTime())) throw new ApiKeyOptionError('expiresAt is an invalid Date.');
      const at = now();
      await owned(keyId, scope.orgId);
      const updated = await store.update(keyId, { expiresAt: scope.expiresAt });
      if (!updated) throw new ApiKeyNotFoundError(keyId);
      await audit(event('api_key.expiry_changed', updated, at, actor, { expiresAt: scope.expiresAt }));
      return summarise(updated);
    },
  };
}
