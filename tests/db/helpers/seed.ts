/** Inserts `n` rows for one org into every tenant table, through withTenant as the app role. */
import { randomUUID } from 'node:crypto';
import { withTenant, type GatehouseStore, type TenantTransaction } from '../../../src/tenancy/index.js';

export async function insertTenantRows(trx: TenantTransaction, orgId: string, n: number, offset = 0): Promise<void> {
  for (let k = 0; k < n; k++) {
    const i = k + offset;
    const approvalId = randomUUID();
    await trx.insertInto('decisions').values({
      org_id: orgId, seq: i + 1, decision_id: randomUUID(), stage: 'input', verdict: 'allow', hash: new Uint8Array(32).fill(i),
    }).execute();
    await trx.insertInto('approvals').values({ org_id: orgId, approval_id: approvalId }).execute();
    await trx.insertInto('approval_events').values({ org_id: orgId, approval_id: approvalId, event: 'requested' }).execute();
    await trx.insertInto('breakers').values({ org_id: orgId, breaker_key: `b${i}` }).execute();
    await trx.insertInto('api_keys').values({ org_id: orgId, key_id: `k${i}`, name: 'ci', key_hash: new Uint8Array([1, 2, 3, i]) }).execute();
    await trx.insertInto('credentials').values({ org_id: orgId, credential_id: `c${i}`, name: 'openai', kind: 'api_key', ciphertext: new Uint8Array([9, i]) }).execute();
    await trx.insertInto('roles').values({ org_id: orgId, role_name: `r${i}` }).execute();
    await trx.insertInto('role_bindings').values({ org_id: orgId, role_name: `r${i}`, subject_id: 'u1' }).execute();
    await trx.insertInto('policies').values({ org_id: orgId, policy_set_id: 'default', version: i + 1, document: JSON.stringify({ version: i }) }).execute();
    // Tables from later migrations are typed by the code that owns them; the schema plugin still qualifies them.
    const untyped = trx as unknown as TenantTransaction & { insertInto(t: string): { values(v: object): { execute(): Promise<unknown>; onConflict(f: (oc: { doNothing(): unknown }) => unknown): { execute(): Promise<unknown> } } } };
    await untyped.insertInto('breaker_events').values({ org_id: orgId, scope: 'org', breaker_key: `b${i}`, event: 'tripped', actor: 'seed', reason: 'seed' }).execute();
    // One chain head per org.
    if (i === 0) await untyped.insertInto('audit_chains').values({ org_id: orgId }).onConflict((oc) => oc.doNothing()).execute();
  }
}

/** Rows `insertTenantRows(…, n)` leaves in `table` for one org: `audit_chains` holds one head per org. */
export function seededRows(table: string, n: number): number {
  return table === 'audit_chains' ? Math.min(n, 1) : n;
}

export async function seedOrg(store: GatehouseStore, orgId: string, n: number): Promise<void> {
  await withTenant(store, orgId, (trx) => insertTenantRows(trx, orgId, n));
}
