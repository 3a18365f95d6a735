/**
 * A Node HTTP server running the Decision Mode handler, with server-level timeouts that back
 * the handler's own: slow headers, slow bodies and idle keep-alive sockets are all cut off.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDecisionHandler, type DecisionHandler } from './decision-handler.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, type DecisionHandlerOptions } from './handler-options.js';

export interface DecisionServerOptions extends DecisionHandlerOptions {
  /** Interface to listen on. Default `127.0.0.1`: expose it deliberately. */
  host?: string;
  /** Longest wait for a request's headers, in ms. Default 5000 (at most the request timeout). */
  headersTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open, in ms. Default 5000. */
  keepAliveTimeoutMs?: number;
}

/** The server, its handler, and helpers to start and stop it. */
export interface DecisionServer {
  readonly server: Server;
  readonly handler: DecisionHandler;
  /** Listens on `port` (0: any free port) and resolves with the URL, e.g. `http://127.0.0.1:8080`. */
  listen(port: number): Promise<string>;
  /** Stops accepting connections, closes idle ones, and resolves when every request has finished. */
  close(): Promise<void>;
}

/**
 * Creates a Decision Mode server (not yet listening).
 *
 * @example
 * ```ts
 * const ds = createDecisionServer({ engine, apiKeys: createKyselyApiKeyLookup(store), audit: writer });
 * const url = await ds.listen(8080); // 'http://127.0.0.1:8080'
 * // … on shutdown:
 * await ds.close();
 * await writer.close();
 * ```
 */
export function createDecisionServer(options: DecisionServerOptions): DecisionServer {
  const handler = createDecisionHandler(options);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const server = createServer(handler);
  // The handler answers its own timeout first (408/503 with a body); the server's is the backstop.
  server.requestTimeout = requestTimeoutMs + 1_000;
  server.headersTimeout = Math.min(options.headersTimeoutMs ?? 5_000, server.requestTimeout);
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
  const host = options.host ?? '127.0.0.1';

  return {
    server,
    handler,
    listen(port) {
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost}:${address.port}`);
        });
      });
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
    },
  };
}
