/**
 * gatehouse/mcp governMcpServer() with the real SDK: a client and an McpServer connected by the
 * SDK's InMemoryTransport. Denied calls never reach the tool, arguments and results are
 * redacted, approvals round-trip through _meta, and every refusal names its audited decision.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { APPROVAL_ID_META, createGatehouseCore, DECISION_META, governMcpServer, type GovernMcpOptions, type McpServerCallContext } from '../../src/pep/mcp/index.js';
import { adapterEngine, CARD, EMAIL, memoryApprovals, memoryAudit, type MemoryApprovals, type MemoryAudit } from './helpers/adapter-kit.js';

const engine = adapterEngine();

interface Rig {
  client: Client;
  server: McpServer;
  audit: MemoryAudit;
  approvals: MemoryApprovals;
  ran: Array<{ tool: string; args: unknown }>;
}
const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.client.close();
    await r.server.close();
  }
});

/** A CRM server with a database tool, a shell tool, a refund tool and a schema-less tool. */
async function rig(options: Partial<GovernMcpOptions<McpServerCallContext>> = {}, before?: (server: McpServer, ran: Rig['ran']) => void): Promise<Rig> {
  const audit = memoryAudit();
  const approvals = memoryApprovals();
  const ran: Rig['ran'] = [];
  const server = new McpServer({ name: 'crm', version: '1.0.0' });
  server.registerTool('db.query', { description: 'Runs SQL', inputSchema: { sql: z.string() } }, async ({ sql }) => {
    ran.push({ tool: 'db.query', args: { sql } });
    return { content: [{ type: 'text', text: JSON.stringify([{ name: 'Ana Lima', email: EMAIL, card: CARD, query: sql }]) }] };
  });
  server.registerTool('shell.exec', { inputSchema: { cmd: z.string() } }, async ({ cmd }) => {
    ran.push({ tool: 'shell.exec', args: { cmd } });
    return { content: [{ type: 'text', text: 'ok' }] };
  });
  before?.(server, ran);
  governMcpServer(server, createGatehouseCore({ engine, audit }), { identity: { orgId: 'acme', clientId: 'crm-agent' }, approvals, ...options });
  // Registered after governing: must be governed too.
  server.registerTool('payments.refund', { inputSchema: { order: z.string() } }, async ({ order }) => {
    ran.push({ tool: 'payments.refund', args: { order } });
    return { content: [{ type: 'text', text: `refunded ${order}` }] };
  });
  server.registerTool('whoami', { description: 'no input schema' }, async () => {
    ran.push({ tool: 'whoami', args: undefined });
    return { content: [{ type: 'text', text: `you are ${EMAIL}` }] };
  });
  const client = new Client({ name: 'agent', version: '1.0.0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  await client.connect(b);
  const r = { client, server, audit, approvals, ran };
  rigs.push(r);
  return r;
}

const text = (result: any): string => result.content[0].text;
const meta = (result: any): any => result._meta?.[DECISION_META];

describe('gatehouse/mcp governMcpServer: tool calls', () => {
  it('an SQL-injection argument is refused with the audited decision id; the tool never runs', async () => {
    const r = await rig();
    const result = await r.client.callTool({ name: 'db.query', arguments: { sql: "SELECT * FROM users WHERE id = '1' OR '1'='1'" } });
    expect(result.isError).toBe(true);
    expect(meta(result)).toMatchObject({ http_status: 403, error: 'denied', stage: 'tool_call', decision_id: r.audit.records[0]!.decisionId });
    expect(meta(result).reasons[0]).toMatchObject({ code: 'sql_injection', policy_id: 'tools' });
    expect(text(result)).toContain(r.audit.records[0]!.decisionId);
    expect(r.ran).toEqual([]);
  });

  it('a dangerous query on a read-only tool is refused', async () => {
    const r = await rig();
    const result = await r.client.callTool({ name: 'db.query', arguments: { sql: 'DROP TABLE customers' } });
    expect(meta(result).reasons[0].code).toBe('dangerous_query');
    expect(r.ran).toEqual([]);
  });

  it('a denied tool is refused', async () => {
    const r = await rig();
    const result = await r.client.callTool({ name: 'shell.exec', arguments: { cmd: 'cat /etc/passwd' } });
    expect(meta(result).reasons[0].code).toBe('tool_denied');
    expect(r.ran).toEqual([]);
  });

  it('PII in arguments is tokenized before the tool runs; the result is redacted and the caller\'s own value restored', async () => {
    const r = await rig();
    const sql = `SELECT * FROM customers WHERE email = '${EMAIL}'`;
    const result = await r.client.callTool({ name: 'db.query', arguments: { sql } });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(r.ran[0]!.args)).not.toContain(EMAIL);
    const rows = JSON.parse(text(result));
    expect(rows[0].card).toBe('**** **** **** 1111');
    // The email was the caller's own argument: its token comes back as the value.
    expect(rows[0].email).toBe(EMAIL);
    expect(rows[0].query).toBe(sql);
    expect(r.audit.records.map((d) => [d.stage, d.verdict])).toEqual([['tool_call', 'redact'], ['tool_result', 'redact']]);
    expect(r.audit.records[0]!.traceId).toBe(r.audit.records[1]!.traceId);
  });

  it('with restoreTokens: false the result keeps the argument\'s token, so no raw PII comes back', async () => {
    const r = await rig({ restoreTokens: false });
    const result = await r.client.callTool({ name: 'db.query', arguments: { sql: `SELECT * FROM customers WHERE email = '${EMAIL}'` } });
    expect(text(result)).not.toContain(EMAIL);
    expect(JSON.parse(text(result))[0].email).toMatch(/^\[\[email_[0-9a-f]+\]\]$/);
  });

  it('a value that is only in the result (a schema-less tool) is tokenized: restore only returns the caller\'s own values', async () => {
    const r = await rig();
    const result = await r.client.callTool({ name: 'whoami', arguments: {} });
    expect(text(result)).toMatch(/^you are \[\[email_[0-9a-f]+\]\]$/);
    expect(r.ran).toEqual([{ tool: 'whoami', args: undefined }]);
  });

  it('tools registered before and after governMcpServer are both governed', async () => {
    const r = await rig({}, (server, ran) => {
      server.registerTool('shell.early', { inputSchema: { cmd: z.string() } }, async () => { ran.push({ tool: 'shell.early', args: null }); return { content: [] }; });
    });
    expect(meta(await r.client.callTool({ name: 'shell.early', arguments: { cmd: 'x' } })).error).toBe('denied');
    expect(text(await r.client.callTool({ name: 'whoami', arguments: {} }))).not.toContain(EMAIL);
    expect(r.audit.records.map((d) => [d.stage, d.verdict])).toEqual([['tool_call', 'deny'], ['tool_call', 'allow'], ['tool_result', 'redact']]);
    expect(r.ran.map((x) => x.tool)).toEqual(['whoami']);
  });

  it('a callback swapped in with update() after governing is governed too', async () => {
    let handle: ReturnType<McpServer['registerTool']> | undefined;
    const r = await rig({}, (server) => {
      handle = server.registerTool('db.export', { inputSchema: { sql: z.string() } }, async () => ({ content: [] }));
    });
    handle!.update({ callback: async () => { r.ran.push({ tool: 'db.export', args: null }); return { content: [{ type: 'text', text: `card ${CARD}` }] }; } });
    const result = await r.client.callTool({ name: 'db.export', arguments: { sql: 'SELECT 1' } });
    expect(text(result)).toBe('card **** **** **** 1111');
    expect(r.ran.map((x) => x.tool)).toEqual(['db.export']);
  });

  it('structured content is redacted and still passes the tool\'s output schema', async () => {
    const r = await rig({}, (server) => {
      server.registerTool('crm.lookup', { inputSchema: { id: z.string() }, outputSchema: { name: z.string(), card: z.string() } }, async () => {
        const row = { name: 'Ana', card: CARD };
        return { content: [{ type: 'text', text: JSON.stringify(row) }], structuredContent: row };
      });
    });
    const result = await r.client.callTool({ name: 'crm.lookup', arguments: { id: '7' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ name: 'Ana', card: '**** **** **** 1111' });
    expect(JSON.stringify(result)).not.toContain(CARD);
  });
});

describe('gatehouse/mcp governMcpServer: approvals, identity, failures', () => {
  it('a tool call that needs approval is refused with the approval id; after approval, _meta resumes it', async () => {
    const r = await rig();
    const first = await r.client.callTool({ name: 'payments.refund', arguments: { order: 'A-42' } });
    expect(first.isError).toBe(true);
    const approvalId = meta(first).approval_id as string;
    expect(meta(first)).toMatchObject({ http_status: 202, status: 'pending_approval', decision_id: r.audit.records[0]!.decisionId });
    expect(r.approvals.records.get(approvalId)).toMatchObject({ status: 'pending', requestedBy: 'crm-agent' });
    expect(text(first)).toContain(approvalId);
    expect(r.ran).toEqual([]);
    r.approvals.approve(approvalId);
    const other = await r.client.callTool({ name: 'payments.refund', arguments: { order: 'B-7' }, _meta: { [APPROVAL_ID_META]: approvalId } });
    expect(meta(other)).toMatchObject({ error: 'approval_refused', approval_status: 'mismatch' });
    const resumed = await r.client.callTool({ name: 'payments.refund', arguments: { order: 'A-42' }, _meta: { [APPROVAL_ID_META]: approvalId } });
    expect(text(resumed)).toBe('refunded A-42');
    expect(r.ran).toEqual([{ tool: 'payments.refund', args: { order: 'A-42' } }]);
  });

  it('resolveIdentity sees the tool and arguments; null refuses the call as unauthenticated', async () => {
    const seen: string[] = [];
    const r = await rig({ identity: undefined, resolveIdentity: ({ toolName }) => { seen.push(toolName); return toolName === 'whoami' ? { orgId: 'acme', userId: 'u1' } : null; } });
    expect(text(await r.client.callTool({ name: 'whoami', arguments: {} }))).toMatch(/^you are \[\[email_/);
    const refused = await r.client.callTool({ name: 'db.query', arguments: { sql: 'SELECT 1' } });
    expect(meta(refused)).toMatchObject({ http_status: 401, error: 'unauthenticated' });
    expect(seen).toEqual(['whoami', 'db.query']);
    expect(r.audit.records[0]!.identity.userId).toBe('u1');
  });

  it('fails closed when the decision cannot be recorded', async () => {
    const r = await rig();
    r.audit.fail = true;
    const result = await r.client.callTool({ name: 'db.query', arguments: { sql: 'SELECT 1' } });
    expect(meta(result)).toMatchObject({ http_status: 503, error: 'audit_unavailable' });
    expect(r.ran).toEqual([]);
  });

  it('a task-based tool cannot be governed: registering one is refused and it is not left callable', async () => {
    const r = await rig();
    const task = { createTask: async () => { throw new Error('never'); }, getTask: async () => { throw new Error('never'); }, getTaskResult: async () => { throw new Error('never'); } };
    expect(() => r.server.experimental.tasks.registerToolTask('long.job', { inputSchema: { n: z.string() } }, task as never)).toThrow(expect.objectContaining({ code: 'UNGOVERNABLE_TOOL' }));
    const { tools } = await r.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('long.job');
  });

  it('refuses to govern twice, or without an identity source', () => {
    const server = new McpServer({ name: 'x', version: '1' });
    const gh = createGatehouseCore({ engine });
    governMcpServer(server, gh, { identity: { orgId: 'acme' } });
    expect(() => governMcpServer(server, gh, { identity: { orgId: 'acme' } })).toThrow(/already governed/);
    expect(() => governMcpServer(new McpServer({ name: 'y', version: '1' }), gh, {})).toThrow(/identity/);
  });
});
