/** Writes a JSON response once; later attempts (after a timeout answered first) are dropped. */
import type { ServerResponse } from 'node:http';

const BASE_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** Sends `body` as JSON with `status`. Returns false when a response was already sent. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Readonly<Record<string, string>>): boolean {
  if (res.headersSent || res.writableEnded) return false;
  return sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Sends `json`, text already in JSON, with `status`. Returns false when a response was already sent. */
export function sendJsonText(res: ServerResponse, status: number, json: string, headers?: Readonly<Record<string, string>>): boolean {
  if (res.headersSent || res.writableEnded) return false;
  // Written as a string: the socket encodes it outside the JS heap (a Buffer here would add pool allocations).
  const length = Buffer.byteLength(json, 'utf8');
  res.writeHead(status, headers === undefined ? { ...BASE_HEADERS, 'content-length': length } : { ...BASE_HEADERS, 'content-length': length, ...headers });
  res.end(json);
  return true;
}
