/**
 * Records API-key lifecycle events (created, rotated, revoked, expiry changed) in the org's
 * audit chain, the way erasure records itself: one record whose `stage` names the event.
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
export const API_KEY_AUDIT_STAGES = ['api_key.created', 'api_key.rotated', 'api_key.revoked', 'api_key.expiry_changed'] as const;
export type ApiKeyAuditStage = (typeof API_KEY_AUDIT_STAGES)[number];

/** What the sink reads of an API-key event (crypto's `ApiKeyEvent` has this shape). Never the key or its digest. */
export interface ApiKeyAuditEvent {
  readonly type: ApiKeyAuditStage;
  readonly at: Date;
  readonly orgId: string | null;
  readonly keyId: string;
  readonly clientId: string;
  readonly kind: string;
  readonly actor: string | undefined;
  readonly replacementKeyId?: string;
  readonly expiresAt?: Date | null;
}

export interface ApiKeyAuditSinkOptions {
  /** The audit secret (32+ bytes) or keys: the actor is kept with its keyed digest, like a user id. */
  auditSecret: AuditSecret | AuditKeys;
}

const KEY_ID = /^[0-9A-Za-z]{1,64}$/;

/**
 * The facts of an event as evaluated-policy entries (`id` carries them; hashed with the
 * record). Only ids and times: the key and its digest never reach the sink.
 */
function eventFacts(event: ApiKeyAuditEvent): EvaluatedPolicy[] {
  const fact = (id: string): EvaluatedPolicy => ({ id, matched: true, action: 'log' });
  const facts = [fact(`api_key:${event.keyId}`), fact(`kind:${event.kind}`)];
  if (event.replacementKeyId !== undefined) facts.push(fact(`replaced_by:${event.replacementKeyId}`));
  if (event.expiresAt !== undefined) facts.push(fact(`expires_at:${event.expiresAt === null ? 'never' : event.expiresAt.toISOString()}`));
  return facts;
}

function check(event: ApiKeyAuditEvent): asserts event is ApiKeyAuditEvent & { orgId: string } {
  if (typeof event !== 'object' || event === null) throw new GatehouseTypeError('apiKeyAuditSink: the event must be an ApiKeyEvent object.');
  if (!(API_KEY_AUDIT_STAGES as readonly string[]).includes(event.type)) throw new ApiKeyAuditError(`Unknown API-key event type; expected one of ${API_KEY_AUDIT_STAGES.join(', ')}.`);
  if (typeof event.orgId !== 'string' || !ORG_ID_PATTERN.test(event.orgId)) {
    throw new ApiKeyAuditError('The API-key event names no org (an admin key?): the audit trail is per org. Record admin-key changes elsewhere, or do not wire this sink for admin keys.');
  }
  if (!KEY_ID.test(event.keyId) || (event.replacementKeyId !== undefined && !KEY_ID.test(event.replacementKeyId))) throw new ApiKeyAuditError('keyId must be the base62 key id.');
  if (!(event.at instanceof Date) || Number.isNaN(event.at.getTime())) throw new ApiKeyAuditError('at must be a valid Date.');
  if (event.expiresAt instanceof Date && Number.isNaN(event.expiresAt.getTime())) throw new ApiKeyAuditError('expiresAt must be a valid Date or null.');
  if (event.actor !== undefined && (typeof event.actor !== 'string' || event.actor.length === 0 || event.actor.length > 1024 || event.actor.includes('\0'))) {
    throw new ApiKeyAuditError('actor must be 1 to 1024 characters, no NUL.');
  }
}

/**
 * An `audit` sink for `createApiKeyManager`: each event is appended to its org's hash chain
 * (through row-level security, as the app role) before the manager's call returns, so a
 * change that cannot be recorded fails the call. The record's `stage` is the event type
 * (`api_key.created`, …), its client id the key's client, its user id the actor (kept with
 * its keyed digest, so erasure of the actor works), and `evaluatedPolicies` carries the facts
 * as ids: `api_key:<keyId>`, `kind:tenant`, `replaced_by:<keyId>`, `expires_at:<iso|never>`.
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
 * await keys.create({ orgId: 'acme', clientId: 'checkout', actor: 'ana' }); // + an api_key.created record
 * ```
 */
export function apiKeyAuditSink(store: GatehouseStore, options: ApiKeyAuditSinkOptions): (event: ApiKeyAuditEvent) => Promise<void> {
  if (typeof options !== 'object' || options === null) throw new GatehouseTypeError('apiKeyAuditSink(store, options): options must be an object with auditSecret.');
  const keys = toAuditKeys(options.auditSecret);
  return async (event) => {
    check(event);
    const orgId = event.orgId;
    const actor = event.actor ?? null;
    const record: AuditRecord = {
      decisionId: uuidv7(),
      orgId,
      clientId: event.clientId,
      userId: actor,
      userDigest: actor === null ? null : keys.digest(orgId, 'user', actor),
      stage: event.type,
      verdict: 'allow',
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
