/**
 * The app transaction prelude sets withTenant()'s org as a literal in BEGIN's message: only an
 * org id matching ORG_ID_PATTERN may get there, so nothing can end its quotes.
 */
import { describe, expect, it } from 'vitest';
import { InvalidOrgIdError } from '../../src/tenancy/errors.js';
import { appTransactionPrelude } from '../../src/tenancy/transaction-prelude.js';

describe('appTransactionPrelude', () => {
  it('clears the org without one and sets it, transaction-local, with one', () => {
    expect(appTransactionPrelude('gatehouse_app')).toBe(`begin; set local role "gatehouse_app"; set local app.current_org_id = ''`);
    expect(appTransactionPrelude('gatehouse_app', { accessMode: 'read only' }, 'acme-prod:eu.1_x')).toBe(
      `start transaction read only; set local role "gatehouse_app"; set local app.current_org_id = 'acme-prod:eu.1_x'`,
    );
  });

  it('refuses an org id outside the pattern', () => {
    for (const bad of ["acme'; reset role; --", "a'b", 'a\\b', '', 'a b', 'x'.repeat(129), 'acme\n']) {
      expect(() => appTransactionPrelude('gatehouse_app', undefined, bad)).toThrow(InvalidOrgIdError);
    }
  });
});
