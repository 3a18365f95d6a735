/**
 * An MCP server with one tool, `db.query`, that runs SQL against the CRM database as given.
 * On its own it would run anything: `DROP TABLE` included, and return every email and card.
 */
import type { PGlite } from '@electric-sql/pglite';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function createCrmServer(db: PGlite): McpServer {
  const server = new McpServer({ name: 'crm', version: '1.0.0' });
  server.registerTool('db.query', { description: 'Runs a SQL query on the CRM database', inputSchema: { sql: z.string() } }, async ({ sql }) => {
    const result = await db.query(sql);
    return { content: [{ type: 'text', text: JSON.stringify(result.rows) }] };
  });
  return server;
}

/** The CRM's one table, with customers' contact and card details. */
export async function seedCrm(db: PGlite): Promise<void> {
  await db.exec(`
    CREATE TABLE customers (id int PRIMARY KEY, name text, email text, card text);
    INSERT INTO customers VALUES
      (1, 'Ana Lima', 'ana.lima@example.com', '4111 1111 1111 1111'),
      (2, 'Tan Wei Ming', 'wei.ming@example.com', '5555 5555 5555 4444');
  `);
}
