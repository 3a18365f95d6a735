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

/** The next random byte of the pool. Refilling a pool is much cheaper than a crypto call per ID. */
function randomByte(): number {
  if (poolPos === POOL.length) {
    randomFillSync(POOL);
    poolPos = 0;
  }
  return POOL[poolPos++]!;
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
      counter = randomByte() & 0x7f;
    }
  } else {
    lastMs = ms;
    // Start low in the counter space so there is room to count up.
    counter = randomByte() & 0x7f;
  }
  // Bytes 0-5: the timestamp; 6-7: version 7 and the counter; 8: variant 10 and random; 9-15: random.
  let s = HEX[Math.floor(ms / 2 ** 40) & 0xff]! + HEX[Math.floor(ms / 2 ** 32) & 0xff]! + HEX[(ms >>> 24) & 0xff]! + HEX[(ms >>> 16) & 0xff]!;
  s += `-${HEX[(ms >>> 8) & 0xff]!}${HEX[ms & 0xff]!}-${HEX[0x70 | ((counter >>> 8) & 0x0f)]!}${HEX[counter & 0xff]!}-`;
  s += HEX[0x80 | (randomByte() & 0x3f)]! + HEX[randomByte()]! + '-';
  for (let i = 0; i < 6; i++) s += HEX[randomByte()]!;
  return s;
}

/** The millisecond timestamp encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
