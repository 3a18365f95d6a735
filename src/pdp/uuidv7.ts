import { randomFillSync } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): a 48-bit Unix-millisecond timestamp, then a 12-bit counter, then random
 * bits. The counter keeps IDs made in the same millisecond in creation order, so decision IDs
 * sort by time within one process as well as across processes.
 */
const POOL = new Uint8Array(4096);
let poolPos = POOL.length;
let lastMs = -1;
let counter = 0;

function randomBytes(n: number): Uint8Array {
  // Refilling a pool is much cheaper than a crypto call per ID.
  if (poolPos + n > POOL.length) {
    randomFillSync(POOL);
    poolPos = 0;
  }
  const out = POOL.subarray(poolPos, poolPos + n);
  poolPos += n;
  return out;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A new UUIDv7 string.
 *
 * @example
 * ```ts
 * uuidv7(); // '019aa3c8-5f1e-7c2a-9b41-3f6d2a8e1c07'
 * ```
 */
export function uuidv7(now: number = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      // Counter exhausted within one millisecond: borrow the next millisecond.
      ms = ++lastMs;
      counter = randomBytes(1)[0]! & 0x7f;
    }
  } else {
    lastMs = ms;
    // Start low in the counter space so there is room to count up.
    counter = randomBytes(1)[0]! & 0x7f;
  }
  const r = randomBytes(8);
  const b = new Uint8Array(16);
  b[0] = Math.floor(ms / 2 ** 40) & 0xff;
  b[1] = Math.floor(ms / 2 ** 32) & 0xff;
  b[2] = (ms >>> 24) & 0xff;
  b[3] = (ms >>> 16) & 0xff;
  b[4] = (ms >>> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | ((counter >>> 8) & 0x0f);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (r[0]! & 0x3f);
  for (let i = 9; i < 16; i++) b[i] = r[i - 8]!;
  let s = '';
  for (let i = 0; i < 16; i++) {
    s += HEX[b[i]!]!;
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
  }
  return s;
}

/** The millisecond timestamp encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
