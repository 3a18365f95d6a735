/**
 * gatehouse/mcp records into the real audit trail: governMcpServer on an MCP server and
 * governMcpClient on a client, each over Streamable HTTP on 127.0.0.1 with the real SDK.
 * Refused, redacted and approved tool calls are read back by decision id with
 * queryAuditRecords (call and result under one trace); a reviewer approves through the
 * store-backed service; no raw value is stored and the org's chain verifies.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  APPROVAL_ID_META, ApprovalRequiredError, createGatehouseCore, DECISION_META, governMcpClient, governMcpServer, type GatehouseCore, type GovernMcpOptions, type McpServerCallContext,
} from '../../src/pep/mcp/index.js';
import { adapterEngine, AWS_KEY, CARD, EMAIL } from '../pep/helpers/adapter-kit.js';
import { connectOverHttp, serveMcpOverHttp } from '../pep/helpers/mcp-http.js';
import {
  approve, approvedWhileWaiting, auditedDecision, expectSoundTrail, matchedPolicies, openAuditedStore, ORG, recordedBy, REVIEWER, tracedVerdicts, type AuditedStore,
} from './helpers/adapter-audit-kit.js';
import { backend } from './helpers/test-store.js';

const MASKED_CARD = '**** **** **** 1111';
const RAW_VALUES = [CARD, EMAIL, AWS_KEY];
const INJECTION = "SELECT * FROM users WHERE id = '1' OR '1'='1'";

const text = (result: any): string => result.content[0].text;
const meta = (result: any): any => result._meta?.[DECISION_META];
const verdicts = (records: { stage: string; verdict: string }[]) => records.map((r) => `${r.stage}:${r.verdict}`);

/** A database tool whose rows hold PII, a refund tool, and a tool that leaks a secret; `ran` lists what executed. */
function toolServer(name: string, ran: string[]): McpServer {
  const server = new McpServer({ name, version: '1.0.0' });
  server.registerTool('db.query', { inputSchema: { sql: z.string() } }, async ({ sql }) => {
    ran.push(`db.query ${sql}`);
    return { content: [{ type: 'text', text: JSON.stringify([{ name: 'Ana Lima', email: EMAIL, card: CARD }]) }] };
  });
  server.registerTool('payments.refund', { inputSchema: { order: z.string() } }, async ({ order }) => {
    ran.push(`payments.refund ${order}`);
    return { content: [{ type: 'text', text: `refunded ${order}` }] };
  });
  server.registerTool('secrets.read', { inputSchema: {} }, async () => {
    ran.push('secrets.read');
    return { content: [{ type: 'text', text: `key ${AWS_KEY}` }] };
  });
  return server;
}

let db: AuditedStore;
let gh: GatehouseCore;
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  db = await openAuditedStore();
  gh = createGatehouseCore({ engine: adapterEngine(), audit: db.audit });
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
afterAll(() => db.close());

/** Serves `server` on 127.0.0.1 and connects `client` to it; both are closed after the test. */
async function connect<C extends Client>(server: McpServer, client: C): Promise<C> {
  const served = await serveMcpOverHttp(server);
  await connectOverHttp(client, served.url);
  closers.push(async () => { await client.close(); await served.close(); });
  return client;
}

describe(`gatehouse/mcp governMcpServer writes to the audit trail (${backend})`, () => {
  async function governedServer(options: Partial<GovernMcpOptions<McpServerCallContext>> = {}) {
    const ran: string[] = [];
    const server = toolServer('crm', ran);
    governMcpServer(server, gh, { identity: { orgId: ORG, clientId: 'crm-agent' }, approvals: db.approvals, ...options });
    return { client: await connect(server, new Client({ name: 'agent', version: '1.0.0' })), ran };
  }

  it('an SQL-injection argument is refused; the refusal names the stored tool_call denial and the tool never runs', async () => {
    const { client, ran } = await governedServer();
    const result = await client.callTool({ name: 'db.query', arguments: { sql: INJECTION } });
    expect(result.isError).toBe(true);
    expect(meta(result)).toMatchObject({ http_status: 403, error: 'denied', stage: 'tool_call' });
    expect(ran).toEqual([]);
    const record = await auditedDecision(db.store, meta(result).decision_id);
    expect(record).toMatchObject({ stage: 'tool_call', verdict: 'deny', clientId: 'crm-agent' });
    expect(matchedPolicies(record)).toEqual(['tools']);
    expect(Object.keys(record.findingCounts).some((type) => type.startsWith('sql:'))).toBe(true);
    expect(await tracedVerdicts(db.store, record.traceId)).toEqual(['tool_call:deny']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('PII in arguments and results is redacted; the tool_call and tool_result decisions are stored under one trace', async () => {
    const { client, ran } = await governedServer({ restoreTokens: false });
    const { outcome, records } = await recordedBy(db.store, () => client.callTool({ name: 'db.query', arguments: { sql: `SELECT * FROM customers WHERE email = '${EMAIL}'` } }));
    expect(ran[0]).not.toContain(EMAIL);
    const rows = JSON.parse(text(outcome));
    expect(rows[0].card).toBe(MASKED_CARD);
    expect(rows[0].email).toMatch(/^\[\[email_[0-9a-f]+\]\]$/);
    expect(verdicts(records)).toEqual(['tool_call:redact', 'tool_result:redact']);
    const result = await auditedDecision(db.store, records[1]!.decisionId);
    expect(result).toMatchObject({ findingCounts: { credit_card: 1, email: 1 } });
    expect(result.traceId).toBe(records[0]!.traceId);
    expect(result.redactedText).toContain(MASKED_CARD);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('a call that needs approval is refused with the id of an approval bound to the stored decision; once approved, _meta resumes it', async () => {
    const { client, ran } = await governedServer();
    const first = await client.callTool({ name: 'payments.refund', arguments: { order: 'A-42' } });
    expect(meta(first)).toMatchObject({ http_status: 202, status: 'pending_approval' });
    const { approval_id: approvalId, decision_id: decisionId } = meta(first);
    expect(await auditedDecision(db.store, decisionId)).toMatchObject({ stage: 'tool_call', verdict: 'require_approval' });
    expect(await db.approvals.get(ORG, approvalId)).toMatchObject({ status: 'pending', decisionId, requestedBy: 'crm-agent' });
    expect(await approve(db.approvals, approvalId)).toMatchObject({ status: 'approved', reviewer: REVIEWER.id });
    const { outcome, records } = await recordedBy(db.store, () => client.callTool({ name: 'payments.refund', arguments: { order: 'A-42' }, _meta: { [APPROVAL_ID_META]: approvalId } }));
    expect(text(outcome)).toBe('refunded A-42');
    expect(ran).toEqual(['payments.refund A-42']);
    expect(verdicts(records)).toEqual(['tool_call:require_approval', 'tool_result:allow']);
    expect(records[1]!.traceId).toBe(records[0]!.traceId);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('approval: "wait" holds the tool call until the reviewer approves it', async () => {
    const { client, ran } = await governedServer({ approval: 'wait', approvalTimeoutMs: 10_000 });
    const { result: { outcome, records }, approval } = await approvedWhileWaiting(db.approvals, () => recordedBy(db.store, () => client.callTool({ name: 'payments.refund', arguments: { order: 'B-7' } })));
    expect(text(outcome)).toBe('refunded B-7');
    expect(ran).toEqual(['payments.refund B-7']);
    expect(verdicts(records)).toEqual(['tool_call:require_approval', 'tool_result:allow']);
    expect(approval.decisionId).toBe(records[0]!.decisionId);
    await expectSoundTrail(db.store, RAW_VALUES);
  });
});

describe(`gatehouse/mcp governMcpClient writes to the audit trail (${backend})`, () => {
  async function governedClient(onRefused: 'result' | 'throw' = 'result') {
    const ran: string[] = [];
    const client = governMcpClient(new Client({ name: 'agent', version: '1.0.0' }), gh, { identity: { orgId: ORG, userId: 'u1' }, approvals: db.approvals, onRefused });
    return { client: await connect(toolServer('warehouse', ran), client), ran };
  }

  it('a refused call never leaves the client, and a secret in a result is withheld; both denials are stored', async () => {
    const { client, ran } = await governedClient();
    const refused = await client.callTool({ name: 'db.query', arguments: { sql: INJECTION } });
    expect(ran).toEqual([]);
    expect(await auditedDecision(db.store, meta(refused).decision_id)).toMatchObject({ stage: 'tool_call', verdict: 'deny', userId: 'u1' });

    const withheld = await client.callTool({ name: 'secrets.read', arguments: {} });
    expect(JSON.stringify(withheld)).not.toContain(AWS_KEY);
    const record = await auditedDecision(db.store, meta(withheld).decision_id);
    expect(record).toMatchObject({ stage: 'tool_result', verdict: 'deny', findingCounts: { aws_access_key_id: 1 } });
    expect(await tracedVerdicts(db.store, record.traceId)).toEqual(['tool_call:allow', 'tool_result:deny']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('arguments are redacted before they are sent and the result before the host sees it, under one trace', async () => {
    const { client, ran } = await governedClient();
    const { outcome, records } = await recordedBy(db.store, () => client.callTool({ name: 'db.query', arguments: { sql: `SELECT * FROM t WHERE email = '${EMAIL}'` } }));
    expect(ran[0]).not.toContain(EMAIL);
    expect(JSON.parse(text(outcome))[0].card).toBe(MASKED_CARD);
    expect(verdicts(records)).toEqual(['tool_call:redact', 'tool_result:redact']);
    expect(records[1]!.traceId).toBe(records[0]!.traceId);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('a call that needs approval throws ApprovalRequiredError with the approval id; once approved, _meta resumes it', async () => {
    const { client, ran } = await governedClient('throw');
    const error = await client.callTool({ name: 'payments.refund', arguments: { order: 'C-3' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApprovalRequiredError);
    expect(ran).toEqual([]);
    expect(await auditedDecision(db.store, error.decision.decisionId)).toMatchObject({ stage: 'tool_call', verdict: 'require_approval' });
    expect(await db.approvals.get(ORG, error.approvalId)).toMatchObject({ status: 'pending', decisionId: error.decision.decisionId, requestedBy: 'u1' });
    await approve(db.approvals, error.approvalId);
    const { outcome, records } = await recordedBy(db.store, () => client.callTool({ name: 'payments.refund', arguments: { order: 'C-3' }, _meta: { [APPROVAL_ID_META]: error.approvalId } }));
    expect(text(outcome)).toBe('refunded C-3');
    expect(ran).toEqual(['payments.refund C-3']);
    expect(verdicts(records)).toEqual(['tool_call:require_approval', 'tool_result:allow']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });
});
