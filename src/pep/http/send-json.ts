/** Writes a JSON response once; later attempts (after a timeout answered first) are dropped. */
import type { ServerResponse } from 'node:http';

const BASE_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** Sends `body` as JSON with `status`. Returns false when a response was already sent. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Readonly<Record<string, string>>): boolean {
  if (res.headersSent || res.writableEnded) return false;
  const text = JSON.stringify(body);
  res.writeHead(status, { ...BASE_HEADERS, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
  return true;
}
