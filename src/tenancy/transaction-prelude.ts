/**
 * The statements that open every transaction on the app connection. They go to the server as
 * one simple-protocol message with BEGIN, so they cost no extra round trip.
 */
import type { TransactionSettings } from 'kysely';
import { quoteIdentifier } from './identifiers.js';
import { assertOrgId } from './org-id.js';
import { takePendingOrgId } from './scope-guard.js';

/** `begin`, or `start transaction isolation level ... read only` when settings ask for it. */
export function beginStatement(settings: TransactionSettings = {}): string {
  if (!settings.isolationLevel && !settings.accessMode) return 'begin';
  let statement = 'start transaction';
  // Both values come from Kysely's closed lists (validateTransactionSettings), never from users.
  if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
  if (settings.accessMode) statement += ` ${settings.accessMode}`;
  return statement;
}

/**
 * BEGIN, then drop to the app role and set the org (`orgId`, or none) for this transaction only.
 *
 * - `set local role` holds even if an earlier request changed the session's role, and ends
 *   with the transaction.
 * - Clearing `app.current_org_id` means a session-level value that some earlier SQL left on a
 *   pooled connection can never decide what this transaction sees; only `withTenant()`'s
 *   transaction-local setting can.
 * - `orgId` (withTenant()'s, via scope-guard.ts) goes in as a literal, checked against
 *   ORG_ID_PATTERN right here: letters, digits and `_.:-` only, so it cannot end the quotes.
 */
export function appTransactionPrelude(appRole: string, settings?: TransactionSettings, orgId?: string): string {
  let org = '';
  if (orgId !== undefined) {
    assertOrgId(orgId);
    org = orgId;
  }
  return `${beginStatement(settings)}; set local role ${quoteIdentifier(appRole)}; set local app.current_org_id = '${org}'`;
}


/**
 * The message a store driver sends to begin a transaction: with `appRole`, the app prelude
 * carrying the org that withTenant() left pending for the store identified by `scopeKey`
 * (taken here, so it applies once); without one (the admin connection), plain BEGIN.
 *
 * The org is taken only when the prelude will set it. Otherwise it stays pending, and
 * withTenant() sets it itself after BEGIN (its fallback), instead of losing it.
 */
export function beginMessage(appRole: string | undefined, settings: TransactionSettings | undefined, scopeKey: object): string {
  if (appRole === undefined) return beginStatement(settings);
  return appTransactionPrelude(appRole, settings, takePendingOrgId(scopeKey));
}
