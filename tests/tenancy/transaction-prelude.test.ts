/**
 * The app transaction prelude sets withTenant()'s org as a literal in BEGIN's message: only an
 * org id matching ORG_ID_PATTERN may get there, so nothing can end its quotes.
 */
import { describe, expect, it } from 'vitest';
import { InvalidOrgIdError } from '../../src/tenancy/errors.js';
import { runTenantScope, takePendingOrgId } from '../../src/tenancy/scope-guard.js';
import { appTransactionPrelude, beginMessage } from '../../src/tenancy/transaction-prelude.js';

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

describe('beginMessage', () => {
  it("takes withTenant()'s pending org into the app prelude, once", async () => {
    const key = {};
    await runTenantScope(key, 'acme', async () => {
      expect(beginMessage('gatehouse_app', undefined, key)).toBe(`begin; set local role "gatehouse_app"; set local app.current_org_id = 'acme'`);
      expect(beginMessage('gatehouse_app', undefined, key)).toBe(`begin; set local role "gatehouse_app"; set local app.current_org_id = ''`);
    });
  });

  it('leaves the org pending without an app role, where BEGIN could not set it', async () => {
    const key = {};
    await runTenantScope(key, 'acme', async () => {
      expect(beginMessage(undefined, { isolationLevel: 'serializable' }, key)).toBe('start transaction isolation level serializable');
      expect(takePendingOrgId(key)).toBe('acme');
    });
  });
});
