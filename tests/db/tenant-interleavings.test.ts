/**
 * Model-based test: 20 tenants write and read concurrently through one store (one pool, fewer
 * connections than tenants), in interleavings chosen by fast-check's scheduler. Each tenant's
 * own operations run in order, so a model predicts exactly what each read must return: any row
 * of another tenant, or any lost or misattributed write, fails the property.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPlatformAdmin, withTenant } from '../../src/tenancy/index.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

const TENANTS = 20;

type Operation =
  | { kind: 'insert' }
  | { kind: 'read' }
  | { kind: 'bump' }
  | { kind: 'delete'; pick: number }
  | { kind: 'peek'; other: number }
  | { kind: 'read-without-tenant' };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'insert' as const }), weight: 4 },
  { arbitrary: fc.constant({ kind: 'read' as const }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'bump' as const }), weight: 2 },
  { arbitrary: fc.nat(50).map((pick) => ({ kind: 'delete' as const, pick })), weight: 1 },
  { arbitrary: fc.nat(TENANTS - 1).map((other) => ({ kind: 'peek' as const, other })), weight: 1 },
  { arbitrary: fc.constant({ kind: 'read-without-tenant' as const }), weight: 1 },
);

const step = fc.record({ tenant: fc.nat(TENANTS - 1), operation });

/** What one tenant's breakers must look like: key -> failure_count. */
type Model = Map<string, number>;

describe(`tenant isolation under concurrency (${backend})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore({ poolSize: 4 });
  });
  afterAll(() => store.dispose());

  it('random interleavings of 20 tenants through one pool never show a tenant another tenant\'s rows', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(step, { minLength: 20, maxLength: 60 }), async (scheduler, steps) => {
        run += 1;
        const orgs = Array.from({ length: TENANTS }, (_, i) => `${uniqueName(`run${run}`)}-t${i}`);
        const models: Model[] = orgs.map(() => new Map());
        let sequence = 0;

        const apply = async (tenant: number, op: Operation): Promise<void> => {
          const org = orgs[tenant]!;
          const model = models[tenant]!;
          switch (op.kind) {
            case 'insert': {
              const key = `k${sequence++}`;
              await withTenant(store, org, (trx) => trx.insertInto('breakers').values({ org_id: org, breaker_key: key }).execute());
              model.set(key, 0);
              return;
            }
            case 'read': {
              const rows = await withTenant(store, org, (trx) => trx.selectFrom('breakers').select(['org_id', 'breaker_key', 'failure_count']).execute());
              expect(rows.filter((r) => r.org_id !== org)).toEqual([]);
              expect(new Map(rows.map((r) => [r.breaker_key, r.failure_count]))).toEqual(model);
              return;
            }
            case 'bump': {
              // No WHERE clause: row-level security alone must keep this to the tenant's rows.
              const result = await withTenant(store, org, (trx) =>
                trx.updateTable('breakers').set((eb) => ({ failure_count: eb('failure_count', '+', 1) })).executeTakeFirst(),
              );
              expect(result.numUpdatedRows).toBe(BigInt(model.size));
              for (const [key, count] of model) model.set(key, count + 1);
              return;
            }
            case 'delete': {
              const keys = [...model.keys()];
              const key = keys.length === 0 ? 'none' : keys[op.pick % keys.length]!;
              const result = await withTenant(store, org, (trx) => trx.deleteFrom('breakers').where('breaker_key', '=', key).executeTakeFirst());
              expect(result.numDeletedRows).toBe(keys.length === 0 ? 0n : 1n);
              model.delete(key);
              return;
            }
            case 'peek': {
              const other = orgs[op.other]!;
              const rows = await withTenant(store, org, (trx) => trx.selectFrom('breakers').select('org_id').where('org_id', '=', other).execute());
              expect(rows).toHaveLength(other === org ? model.size : 0);
              return;
            }
            case 'read-without-tenant': {
              expect(await store.app.selectFrom('breakers').select('org_id').execute()).toEqual([]);
              return;
            }
          }
        };

        // One chain per tenant, in step order; the scheduler decides which chain moves next.
        const chains = orgs.map(async (_org, tenant) => {
          for (const { operation: op } of steps.filter((s) => s.tenant === tenant)) {
            await scheduler.schedule(Promise.resolve(), `tenant ${tenant}: ${op.kind}`);
            await apply(tenant, op);
          }
        });
        await scheduler.waitFor(Promise.all(chains));

        // Nothing lost, nothing written under the wrong org.
        const all = await withPlatformAdmin(store, (trx) =>
          trx.selectFrom('breakers').select(['org_id', 'breaker_key']).where('org_id', 'in', orgs).execute(),
        );
        orgs.forEach((org, tenant) => {
          const keys = all.filter((r) => r.org_id === org).map((r) => r.breaker_key).sort();
          expect(keys).toEqual([...models[tenant]!.keys()].sort());
        });
      }),
      { numRuns: 8 },
    );
  });
});
