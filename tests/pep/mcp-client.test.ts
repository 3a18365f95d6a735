/**
 * gatehouse/mcp governMcpClient() with the real SDK over InMemoryTransport, against an
 * ungoverned server: a denied call never leaves the client, results are redacted before the
 * host sees them, and refusals can be thrown instead of returned.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApprovalRequiredError, createGatehouseCore, DECISION_META, governMcpClient, PolicyDeniedError, type GovernMcpOptions, type McpClientCallContext } from '../../src/pep/mcp/index.js';
import { adapterEngine, AWS_KEY, CARD, EMAIL, memoryApprovals, memoryAudit } from './helpers/adapter-kit.js';

const engine = adapterEngine();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of closers.splice(0)) await c(); });

async function connect(options: Partial<GovernMcpOptions<McpClientCallContext>> = {}) {
  const calls: unknown[] = [];
  const server = new McpServer({ name: 'warehouse', version: '2.0.0' });
  server.registerTool('db.query', { inputSchema: { sql: z.string() } }, async ({ sql }) => {
    calls.push(sql);
    return { content: [{ type: 'text', text: `rows for ${sql}: Ana ${EMAIL} ${CARD}` }] };
  });
  server.registerTool('secrets.read', { inputSchema: {} }, async () => ({ content: [{ type: 'text', text: `key ${AWS_KEY}` }] }));
  const audit = memoryAudit();
  const approvals = memoryApprovals();
  const client = governMcpClient(new Client({ name: 'agent', version: '1.0.0' }), createGatehouseCore({ engine, audit }), { identity: { orgId: 'acme', userId: 'u1' }, approvals, ...options });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  await client.connect(b);
  closers.push(async () => { await client.close(); await server.close(); });
  return { client, calls, audit, approvals };
}

const text = (result: any): string => result.content[0].text;

describe('gatehouse/mcp governMcpClient', () => {
  it('a denied call never reaches the server; the refusal names the audited decision', async () => {
    const { client, calls, audit } = await connect();
    const result = await client.callTool({ name: 'db.query', arguments: { sql: "x' UNION SELECT password FROM users--" } });
    expect(result.isError).toBe(true);
    expect((result._meta as any)[DECISION_META]).toMatchObject({ error: 'denied', decision_id: audit.records[0]!.decisionId });
    expect(calls).toEqual([]);
  });

  it('the server is named by what it announces, so server policies apply', async () => {
    const { client, audit } = await connect();
    await client.callTool({ name: 'db.query', arguments: { sql: 'SELECT 1' } });
    expect(audit.records[0]!.stage).toBe('tool_call');
    const serverBlocked = governMcpClient(new Client({ name: 'c', version: '1' }), createGatehouseCore({
      engine: (await import('../../src/pdp/create-policy-engine.js')).createPolicyEngine({ policies: { policies: [{ id: 'srv', kind: 'tool', denyServers: ['warehouse'] }] } }),
    }), { identity: { orgId: 'acme' } });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const server = new McpServer({ name: 'warehouse', version: '1' });
    server.registerTool('ping', { inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
    await server.connect(a);
    await serverBlocked.connect(b);
    closers.push(async () => { await serverBlocked.close(); await server.close(); });
    const refused = await serverBlocked.callTool({ name: 'ping', arguments: {} });
    expect((refused._meta as any)[DECISION_META].reasons[0].code).toBe('server_denied');
  });

  it('arguments are redacted before they are sent, and the result before the host sees it', async () => {
    const { client, calls, audit } = await connect({ restoreTokens: false });
    const result = await client.callTool({ name: 'db.query', arguments: { sql: `SELECT * FROM t WHERE email = '${EMAIL}'` } });
    expect(String(calls[0])).not.toContain(EMAIL);
    expect(text(result)).not.toContain(EMAIL);
    expect(text(result)).toContain('**** **** **** 1111');
    expect(audit.records.map((d) => [d.stage, d.verdict])).toEqual([['tool_call', 'redact'], ['tool_result', 'redact']]);
  });

  it('a secret in a result is withheld', async () => {
    const { client } = await connect();
    const result = await client.callTool({ name: 'secrets.read', arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).not.toContain(AWS_KEY);
    expect((result._meta as any)[DECISION_META]).toMatchObject({ error: 'denied', stage: 'tool_result' });
  });

  it('onRefused: "throw" throws the Gatehouse error instead', async () => {
    const { client } = await connect({ onRefused: 'throw' });
    await expect(client.callTool({ name: 'shell.exec', arguments: {} })).rejects.toBeInstanceOf(PolicyDeniedError);
    const pending = await client.callTool({ name: 'payments.refund', arguments: { order: '1' } }).catch((e) => e);
    expect(pending).toBeInstanceOf(ApprovalRequiredError);
    expect(pending.approvalId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
