/**
 * `npx tsx examples/mcp-server/main.ts`: the CRM MCP server, governed with gatehouse/mcp, and
 * an agent-side MCP client talking to it over the SDK's in-memory transport. Dangerous and
 * injected SQL never reaches the database; what comes back is redacted; every call is audited.
 */
import { PGlite } from '@electric-sql/pglite';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createPolicyEngine, type Decision } from '../../src/index.js';
import { createGatehouseCore, DECISION_META, governMcpServer } from '../../src/pep/mcp/index.js';
import { createCrmServer, seedCrm } from './crm-server.js';

const db = new PGlite();
await seedCrm(db);

const decisions: Decision[] = [];
const gh = createGatehouseCore({
  engine: createPolicyEngine({
    policies: {
      packs: ['pci-dss'],
      policies: [
        // db.query only reads: DROP, TRUNCATE, DELETE or UPDATE without WHERE are blocked, and
        // its sql argument is scanned for injection.
        { id: 'crm-db', kind: 'tool', allowTools: ['db.query'], readOnlyTools: ['db.query'], args: [{ arg: 'sql', scan: 'sql', action: 'block' }] },
        { id: 'contact-details', kind: 'detector', stages: ['tool_result'], types: { email: { action: 'redact', style: 'partial' } } },
      ],
    },
  }),
  audit: { record: async (decision) => { decisions.push(decision); } },
});

const server = governMcpServer(createCrmServer(db), gh, { identity: { orgId: 'acme', clientId: 'support-agent' }, restoreTokens: false });
const client = new Client({ name: 'support-agent', version: '1.0.0' });
const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
await server.connect(serverSide);
await client.connect(clientSide);

async function query(sql: string) {
  const result = await client.callTool({ name: 'db.query', arguments: { sql } });
  const content = result.content as Array<{ type: string; text: string }>;
  const refusal = (result._meta as Record<string, any> | undefined)?.[DECISION_META];
  console.log(`> ${sql}`);
  if (result.isError) console.log(`  BLOCKED (${refusal.reasons.map((r: { code: string }) => r.code).join(', ')}), decision ${refusal.decision_id}`);
  else console.log(`  ${content[0]!.text}`);
}

try {
  await query('SELECT name, email, card FROM customers ORDER BY id');
  await query('DROP TABLE customers');
  await query("SELECT name FROM customers WHERE name = '' OR '1'='1'");
  await query('DELETE FROM customers');
  await query('SELECT count(*) AS customers_left FROM customers');

  console.log('Audit sink');
  for (const d of decisions) console.log(`  ${d.decisionId} ${String(d.stage).padEnd(11)} ${d.verdict.padEnd(7)} ${d.reasons.map((r) => r.code).join(',') || '-'}`);
} finally {
  await client.close();
  await server.close();
  await db.close();
}
