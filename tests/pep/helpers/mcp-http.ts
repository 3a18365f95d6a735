/**
 * An MCP server served over Streamable HTTP on 127.0.0.1 (one stateful session, as a single
 * agent uses it), and a client connected to it: the transport a deployed MCP server speaks,
 * instead of the SDK's in-memory pair.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface McpHttpServer {
  /** The endpoint, e.g. `http://127.0.0.1:41234/mcp`. */
  url: URL;
  close(): Promise<void>;
}

/** Serves `server` on an ephemeral port of 127.0.0.1 at `/mcp`. */
export async function serveMcpOverHttp(server: McpServer): Promise<McpHttpServer> {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
  await server.connect(transport);
  const http: Server = createServer((req, res) => {
    transport.handleRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`);
  return {
    url,
    async close() {
      await server.close();
      // A client may hold an SSE stream open; cut it so that close() returns.
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Connects `client` (governed or not) to the served endpoint. */
export async function connectOverHttp<C extends Client>(client: C, url: URL): Promise<C> {
  await client.connect(new StreamableHTTPClientTransport(url));
  return client;
}
