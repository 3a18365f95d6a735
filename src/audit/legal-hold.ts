/**
 * Legal holds: while an org is on hold, `purgeExpired()` deletes none of its audit records.
 * Set and lifted by the platform admin only; the app role can read the flag but not change it.
 */
import { GatehouseTypeError, InvalidOptionError } from '../errors.js';
import { assertOrgId } from '../tenancy/org-id.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { withPlatformAdmin } from '../tenancy/with-platform-admin.js';
import { auditTrx } from './audit-database.js';

export interface LegalHold {
  readonly orgId: string;
  readonly active: boolean;
  readonly reason: string | null;
  readonly since: Date | null;
}

/**
 * Places the org's audit trail under legal hold (`hold: true`, with a reason) or lifts it.
 *
 * @example
 * ```ts
 * await setLegalHold(store, 'acme', { hold: true, reason: 'Litigation 2025-CV-0142' });
 * await purgeExpired(store, 'acme', { olderThanDays: 365 }); // { purged: 0, legalHold: true, ... }
 * await setLegalHold(store, 'acme', { hold: false });
 * ```
 */
export async function setLegalHold(store: GatehouseStore, orgId: string, options: { hold: boolean; reason?: string }): Promise<LegalHold> {
  assertOrgId(orgId);
  if (typeof options !== 'object' || options === null || typeof options.hold !== 'boolean') {
    throw new GatehouseTypeError('setLegalHold(store, orgId, options): options.hold must be true or false.');
  }
  const reason = options.reason;
  if (options.hold && (typeof reason !== 'string' || reason.trim() === '' || reason.length > 2000 || reason.includes('\0'))) {
    throw new InvalidOptionError('options.reason is required when placing a hold: say why (a case or matter reference), up to 2000 characters.');
  }
  const values = options.hold
    ? { legal_hold: true, legal_hold_reason: reason!, legal_hold_since: new Date() }
    : { legal_hold: false, legal_hold_reason: null, legal_hold_since: null };
  const row = await withPlatformAdmin(store, (trx) =>
    auditTrx(trx)
      .insertInto('audit_chains')
      .values({ org_id: orgId, ...values })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
      .returning(['legal_hold', 'legal_hold_reason', 'legal_hold_since'])
      .executeTakeFirstOrThrow(),
  );
  return { orgId, active: row.legal_hold, reason: row.legal_hold_reason, since: row.legal_hold_since };
}
