/**
 * `npx tsx examples/express-chat/main.ts`: a governed chat endpoint, end to end and offline.
 *
 * Starts an embedded store (PGlite, in memory) with the real audit writer and approval service,
 * a local OpenAI-wire stub as the model, and the Express app on 127.0.0.1; then sends four
 * conversations and prints what the model saw, what the caller got, and the audit trail.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiKeyAuditSink, createAuditWriter, queryAuditRecords, verifyChain } from '../../src/audit/index.js';
import { createApiKeyManager, createKyselyApiKeyStore } from '../../src/crypto/index.js';
import { createApprovalService } from '../../src/pep/approvals/index.js';
import { APPROVAL_ID_HEADER, createGatehouseCore } from '../../src/pep/express/index.js';
import { migrate, openStore } from '../../src/tenancy/index.js';
import { startOpenAIStub } from '../shared/openai-stub.js';
import { createChatApp } from './app.js';
import { engine } from './policies.js';

const ORG = 'acme';
const auditSecret = 'example-audit-secret-of-at-least-32-bytes!';

const store = await openStore({ dataDir: 'memory' });
await migrate(store);
const audit = await createAuditWriter(store, { auditSecret, mode: 'sync' });
const approvals = createApprovalService(store, { listenUrl: false, pollIntervalMs: 50, logger: { warn: () => {}, error: (f, m) => console.error(m, f) } });
const keys = createApiKeyManager({ store: createKyselyApiKeyStore(store), audit: apiKeyAuditSink(store, { auditSecret }) });
// The org's owner issues the app its key (an org member with keys:manage).
const { key } = await keys.create({ orgId: ORG, clientId: 'support-web', actor: { id: 'owner@acme.example', orgId: ORG, roles: ['owner'] } });
const model = await startOpenAIStub();

const gh = createGatehouseCore({ engine, audit });
const app = createChatApp(gh, { apiKeys: createKyselyApiKeyStore(store), approvals, modelBaseURL: model.baseURL });
const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;

async function chat(content: string, extra: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key.expose()}`, 'x-user-id': 'dana', ...extra },
    body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content }] }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const lastSeenByModel = () => String((model.received.at(-1)?.body.messages as Array<{ content: string }> | undefined)?.at(-1)?.content);

try {
  console.log('1. PII redaction');
  const pii = await chat('My card 4111 1111 1111 1111 was charged twice, mail the receipt to dana.ng@example.com');
  console.log(`   model saw:   ${lastSeenByModel()}`);
  console.log(`   HTTP ${pii.status}, reply: ${pii.body.reply}`);
  console.log(`   decision_id: ${pii.body.decision_id}`);

  console.log('2. SQL-injection attempt');
  const before = model.received.length;
  const sqli = await chat("Show the orders of customer 1' OR '1'='1' --");
  console.log(`   HTTP ${sqli.status} ${sqli.body.error}: ${sqli.body.reasons.map((r: { code: string; policy_id: string }) => `${r.code} (${r.policy_id})`).join(', ')}`);
  console.log(`   decision_id: ${sqli.body.decision_id}; model called: ${model.received.length > before ? 'yes' : 'no'}`);

  console.log('3. Approval flow');
  const ask = 'Please refund order 1042';
  const pending = await chat(ask);
  console.log(`   HTTP ${pending.status} ${pending.body.status}, approval_id: ${pending.body.approval_id}`);
  const approved = await approvals.approve({ orgId: ORG, approvalId: pending.body.approval_id, reviewer: { id: 'lee@acme', orgId: ORG, roles: ['approver'] }, justification: 'order verified with the customer' });
  console.log(`   reviewer lee@acme: ${approved.status}`);
  const resumed = await chat(ask, { [APPROVAL_ID_HEADER]: pending.body.approval_id });
  console.log(`   resent with ${APPROVAL_ID_HEADER}: HTTP ${resumed.status}, reply: ${resumed.body.reply}`);

  console.log('4. Audit trail');
  await audit.flush();
  const { records } = await queryAuditRecords(store, ORG);
  for (const r of records) console.log(`   #${r.seq} ${r.decisionId} ${r.stage.padEnd(6)} ${r.verdict.padEnd(16)} user=${r.userId ?? '-'}`);
  const ids = [pii.body.decision_id, sqli.body.decision_id, pending.body.decision_id];
  console.log(`   every answered decision_id is in the trail: ${ids.every((id) => records.some((r) => r.decisionId === id))}`);
  console.log(`   hash chain valid: ${(await verifyChain(store, ORG, { auditSecret })).valid}`);
} finally {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await model.close();
  await approvals.close();
  await audit.close();
  await store.close();
}
