/**
 * The app's Gatehouse: one engine and one enforcement core, shared by every route and action.
 * In a real app the audit sink is `createAuditWriter(store, …)` from `gatehouse/audit`; this
 * example keeps decisions in memory so it can print them.
 */
import { createPolicyEngine, type Decision } from '../../../src/index.js';
import { createGatehouseCore } from '../../../src/pep/next/index.js';

export const decisions: Decision[] = [];

export const gh = createGatehouseCore({
  engine: createPolicyEngine({
    policies: {
      packs: ['pci-dss'],
      policies: [
        { id: 'emails', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
        { id: 'secrets', kind: 'detector', types: { aws_access_key_id: { action: 'block' }, private_key: { action: 'block' } } },
      ],
    },
  }),
  audit: { record: async (decision) => { decisions.push(decision); } },
});

/** Who is calling. A real app reads its session cookie here. */
export function identityFrom(req: Request) {
  const user = req.headers.get('x-user-id');
  return user ? { orgId: 'acme', userId: user } : null;
}
