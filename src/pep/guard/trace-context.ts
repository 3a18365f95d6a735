import { randomFillSync } from 'node:crypto';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

/**
 * The trace id of a W3C `traceparent` header, or null when the header is absent or invalid
 * (version ff, all-zero ids, wrong lengths or upper-case hex are invalid per the spec).
 *
 * @example
 * ```ts
 * traceIdFromTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'); // '4bf92f35…4736'
 * ```
 */
export function traceIdFromTraceparent(header: string | undefined | null): string | null {
  if (typeof header !== 'string') return null;
  const m = TRACEPARENT.exec(header.trim());
  if (!m) return null;
  const [, version, traceId, parentId] = m;
  if (version === 'ff' || /^0+$/.test(traceId!) || /^0+$/.test(parentId!)) return null;
  // Version 00 allows nothing after the flags.
  if (version === '00' && header.trim().length !== 55) return null;
  return traceId!;
}

// Refilling a pool is much cheaper than one crypto call per request.
const POOL = Buffer.alloc(4096);
let poolPos = POOL.length;

/** A fresh 32-hex-digit trace id. */
export function newTraceId(): string {
  if (poolPos + 16 > POOL.length) {
    randomFillSync(POOL);
    poolPos = 0;
  }
  const id = POOL.toString('hex', poolPos, poolPos + 16);
  poolPos += 16;
  return id;
}
