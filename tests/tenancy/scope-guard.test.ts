/**
 * The scope guard keeps its AsyncLocalStorage enabled only while a scope runs; it must catch a
 * stray store access inside every scope all the same: the first, one started after all earlier
 * scopes settled, and one still running after an overlapping scope ended.
 */
import { describe, expect, it } from 'vitest';
import { NestedStoreAccessError } from '../../src/tenancy/errors.js';
import { assertNotInScope, runInScope, runTenantScope, takePendingOrgId } from '../../src/tenancy/scope-guard.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('scope guard', () => {
  it('refuses the same store inside a scope, across awaits, and allows another store', async () => {
    const store = {};
    const other = {};
    await runInScope(store, async () => {
      expect(() => assertNotInScope(store)).toThrow(NestedStoreAccessError);
      await tick();
      expect(() => assertNotInScope(store)).toThrow(NestedStoreAccessError);
      expect(() => assertNotInScope(other)).not.toThrow();
    });
    expect(() => assertNotInScope(store)).not.toThrow();
  });

  it('still refuses inside a scope started after every earlier scope settled', async () => {
    const store = {};
    for (let i = 0; i < 3; i++) {
      await runInScope(store, async () => {
        await tick();
        expect(() => assertNotInScope(store)).toThrow(NestedStoreAccessError);
      });
      expect(() => assertNotInScope(store)).not.toThrow();
    }
  });

  it('keeps refusing inside a scope that outlives an overlapping one', async () => {
    const store = {};
    let release!: () => void;
    const longScope = runInScope(store, async () => {
      await new Promise<void>((resolve) => (release = resolve));
      expect(() => assertNotInScope(store)).toThrow(NestedStoreAccessError);
    });
    await runInScope(store, async () => tick());
    release();
    await longScope;
  });

  it('lets a timer left behind by a settled scope use the store', async () => {
    const store = {};
    let later!: Promise<void>;
    await runInScope(store, async () => {
      later = new Promise<void>((resolve, reject) => setTimeout(() => {
        try {
          assertNotInScope(store);
          resolve();
        } catch (error) {
          reject(error);
        }
      }, 5));
    });
    // Another scope running when the timer fires must not make the old one count again.
    await runInScope({}, async () => later);
  });

  it("hands a tenant scope's org id once, to its own store, before the scope is active", async () => {
    const store = {};
    const other = {};
    expect(takePendingOrgId(store)).toBeUndefined();
    await runTenantScope(store, 'acme', async (scope) => {
      await tick();
      expect(takePendingOrgId(other)).toBeUndefined();
      expect(takePendingOrgId(store)).toBe('acme');
      expect(takePendingOrgId(store)).toBeUndefined();
      expect(scope.pendingOrgId).toBeUndefined();
      expect(() => assertNotInScope(store)).not.toThrow();
    });
    await runTenantScope(store, 'globex', async (scope) => {
      scope.active = true;
      expect(takePendingOrgId(store)).toBeUndefined();
      expect(() => assertNotInScope(store)).toThrow(NestedStoreAccessError);
    });
    // Another tenant scope running concurrently keeps its own org id.
    await Promise.all([
      runTenantScope(store, 'a', async () => {
        await tick();
        expect(takePendingOrgId(store)).toBe('a');
      }),
      runTenantScope(store, 'b', async () => {
        expect(takePendingOrgId(store)).toBe('b');
      }),
    ]);
  });

  it('refuses to open a tenant scope inside a live scope of the same store', async () => {
    const store = {};
    await runInScope(store, async () => {
      await expect(runTenantScope(store, 'acme', async () => undefined)).rejects.toThrow(NestedStoreAccessError);
      await expect(runTenantScope({}, 'acme', async () => undefined)).resolves.toBeUndefined();
    });
  });
});
