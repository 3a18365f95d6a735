/**
 * Records API-key lifecycle events (created, rotated, revoked, expiry changed) and refused
 * management calls (denied) in the org's audit chain, the way erasure records itself: one
 * record whose `stage` names the event.
 *
 * The event type is declared here structurally rather than imported, so that `audit` and
 * `crypto` stay independent; `createApiKeyManager({ audit: apiKeyAuditSink(store, …) })`
 * type-checks against crypto's `ApiKeyEvent` where the two are wired (the CLI, serve).
 */
import type { EvaluatedPolicy } from '../pdp/decision.js';
import { uuidv7 } from '../pdp/uuidv7.js';
import { ORG_ID_PATTERN } from '../org-id-format.js';
import { GatehouseTypeError } from '../errors.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { withTenant } from '../tenancy/with-tenant.js';
import { appendRecords } from './append-records.js';
import { ApiKeyAuditError } from './api-key-audit-error.js';
import { toAuditKeys, type AuditKeys, type AuditSecret } from './audit-keys.js';
import type { AuditRecord } from './audit-record.js';

/** The stages of the records API-key events leave in the chain. */
export const API_KEY_AUDIT_STAGES = ['api_key.created', 'api_key.rotated', 'api_key.revoked', 'api_key.expiry_changed', 'api_key.denied'] as const;
export type ApiKeyAuditStage = (typeof API_KEY_AUDIT_STAGES)[number];

/** Who acted, as the key manager records it (crypto's `RecordedActor`). */
export interface ApiKeyAuditActor {
  readonly type: 'member' | 'platform_operator';
  readonly id: string;
  readonly orgId: string | null;
  readonly roles: readonly string[];
}

/** A key change as the sink reads it (crypto's `ApiKeyChangeEvent`). Never the key or its digest. */
export interface ApiKeyAuditChangeEvent {
  readonly type: Exclude<ApiKeyAuditStage, 'api_key.denied'>;
  readonly at: Date;
  readonly orgId: string | null;
  readonly keyId: string;
  readonly clientId: string;
  readonly kind: string;
  readonly actor: ApiKeyAuditActor;
  readonly replacementKeyId?: string;
  readonly expiresAt?: Date | null;
}

/** A refused management call as the sink reads it (crypto's `ApiKeyDeniedEvent`). */
export interface ApiKeyAuditDeniedEvent {
  readonly type: 'api_key.denied';
  readonly at: Date;
  readonly orgId: string | null;
  readonly operation: string;
  readonly permission: string;
  readonly reason: string;
  readonly keyId?: string;
  readonly actor: ApiKeyAuditActor | null;
}

/** What the sink reads of an API-key event (crypto's `ApiKeyEvent` has this shape). */
export type ApiKeyAuditEvent = ApiKeyAuditChangeEvent | ApiKeyAuditDeniedEvent;

export interface ApiKeyAuditSinkOptions {
  /** The audit secret (32+ bytes) or keys: the actor is kept with its keyed digest, like a user id. */
  auditSecret: AuditSecret | AuditKeys;
}

const KEY_ID = /^[0-9A-Za-z]{1,64}$/;
/** Operation, permission and reason names: short lowercase words, as crypto defines them. */
const NAME = /^[a-z_:]{1,64}$/;

/**
 * The facts of an event as evaluated-policy entries (`id` carries them; hashed with the
 * record). Only ids, names and times: the key and its digest never reach the sink, and an
 * actor's roles stay out (another org's custom role names are not this org's business).
 */
function eventFacts(event: ApiKeyAuditEvent): EvaluatedPolicy[] {
  const fact = (id: string): EvaluatedPolicy => ({ id, matched: true, action: 'log' });
  const actor = event.actor === null ? [] : [fact(`actor:${event.actor.type}`)];
  if (event.type === 'api_key.denied') {
    const key = event.keyId === undefined ? [] : [fact(`api_key:${event.keyId}`)];
    return [fact(`operation:${event.operation}`), fact(`permission:${event.permission}`), fact(`reason:${event.reason}`), ...key, ...actor];
  }
  const facts = [fact(`api_key:${event.keyId}`), fact(`kind:${event.kind}`)];
  if (event.replacementKeyId !== undefined) facts.push(fact(`replaced_by:${event.replacementKeyId}`));
  if (event.expiresAt !== undefined) facts.push(fact(`expires_at:${event.expiresAt === null ? 'never' : event.expiresAt.toISOString()}`));
  return [...facts, ...actor];
}

function checkActor(actor: unknown, nullable: boolean): void {
  if (actor === null && nullable) return;
  const a = actor as ApiKeyAuditActor | null;
  if (typeof a !== 'object' || a === null || (a.type !== 'member' && a.type !== 'platform_operator')) {
    throw new ApiKeyAuditError(nullable ? 'actor must be the recorded actor { type, id, orgId, roles } or null.' : 'A key change must name its actor { type, id, orgId, roles }.');
  }
  if (typeof a.id !== 'string' || a.id.length === 0 || a.id.length > 1024 || a.id.includes('\0')) throw new ApiKeyAuditError('actor.id must be 1 to 1024 characters, no NUL.');
}

function check(event: ApiKeyAuditEvent): asserts event is ApiKeyAuditEvent & { orgId: string } {
  if (typeof event !== 'object' || event === null) throw new GatehouseTypeError('apiKeyAuditSink: the event must be an ApiKeyEvent object.');
  if (!(API_KEY_AUDIT_STAGES as readonly string[]).includes(event.type)) throw new ApiKeyAuditError(`Unknown API-key event type; expected one of ${API_KEY_AUDIT_STAGES.join(', ')}.`);
  if (typeof event.orgId !== 'string' || !ORG_ID_PATTERN.test(event.orgId)) {
    throw new ApiKeyAuditError('The API-key event names no org (an admin key?): the audit trail is per org. Record admin-key changes elsewhere, or do not wire this sink for admin keys.');
  }
  if (!(event.at instanceof Date) || Number.isNaN(event.at.getTime())) throw new ApiKeyAuditError('at must be a valid Date.');
  if (event.type === 'api_key.denied') {
    if (event.keyId !== undefined && !KEY_ID.test(event.keyId)) throw new ApiKeyAuditError('keyId must be the base62 key id.');
    if (![event.operation, event.permission, event.reason].every((name) => typeof name === 'string' && NAME.test(name))) {
      throw new ApiKeyAuditError('A denied event needs operation, permission and reason names (lowercase letters, "_" and ":").');
    }
    checkActor(event.actor, true);
    return;
  }
  if (!KEY_ID.test(event.keyId) || (event.replacementKeyId !== undefined && !KEY_ID.test(event.replacementKeyId))) throw new ApiKeyAuditError('keyId must be the base62 key id.');
  if (event.expiresAt instanceof Date && Number.isNaN(event.expiresAt.getTime())) throw new ApiKeyAuditError('expiresAt must be a valid Date or null.');
  checkActor(event.actor, false);
}

/**
 * An `audit` sink for `createApiKeyManager`: each event is appended to its org's hash chain
 * (through row-level security, as the app role) before the manager's call returns, so a
 * change that cannot be recorded fails the call. The record's `stage` is the event type
 * (`api_key.created`, …), its client id the key's client, its user id the actor's id (kept
 * with its keyed digest, so erasure of the actor works), and `evaluatedPolicies` carries the
 * facts as ids: `api_key:<keyId>`, `kind:tenant`, `replaced_by:<keyId>`,
 * `expires_at:<iso|never>`, `actor:<member|platform_operator>`.
 *
 * A refused call (`api_key.denied`) is recorded with verdict `deny`, no client id, and the
 * facts `operation:<op>`, `permission:<perm>`, `reason:<why>`, the named `api_key:<keyId>`
 * and the actor type, in the chain of the org the call acted in.
 *
 * @throws ApiKeyAuditError (from the sink) for an event with no org (admin keys) or a malformed field.
 *
 * @example
 * ```ts
 * import { apiKeyAuditSink } from 'gatehouse/audit';
 * import { createApiKeyManager, createKyselyApiKeyStore } from 'gatehouse/crypto';
 *
 * const keys = createApiKeyManager({
 *   store: createKyselyApiKeyStore(store),
 *   audit: apiKeyAuditSink(store, { auditSecret: process.env.GATEHOUSE_AUDIT_SECRET! }),
 * });
 * await keys.create({ orgId: 'acme', clientId: 'checkout', actor: { id: 'ana', orgId: 'acme', roles: ['admin'] } }); // + an api_key.created record
 * ```
 */
export function apiKeyAuditSink(store: GatehouseStore, options: ApiKeyAuditSinkOptions): (event: ApiKeyAuditEvent) => Promise<void> {
  if (typeof options !== 'object' || options === null) throw new GatehouseTypeError('apiKeyAuditSink(store, options): options must be an object with auditSecret.');
  const keys = toAuditKeys(options.auditSecret);
  return async (event) => {
    check(event);
    const orgId = event.orgId;
    const actor = event.actor?.id ?? null;
    const record: AuditRecord = {
      decisionId: uuidv7(),
      orgId,
      clientId: event.type === 'api_key.denied' ? null : event.clientId,
      userId: actor,
      userDigest: actor === null ? null : keys.digest(orgId, 'user', actor),
      stage: event.type,
      verdict: event.type === 'api_key.denied' ? 'deny' : 'allow',
      evaluatedPolicies: eventFacts(event),
      findingCounts: {},
      inputDigest: null,
      redactedText: null,
      textDigest: null,
      createdAt: event.at,
      durationUs: 0,
      traceId: null,
      policySetVersion: null,
    };
    await withTenant(store, orgId, (trx) => appendRecords(trx, store.schema, orgId, [record]));
  };
}
