/**
 * Type parsers that make pg return what PGlite returns, so the same code and the same tests
 * run on both: `bigint` as a number (a BigInt beyond 2^53), `bytea` as a plain Uint8Array.
 * Passed per pool, never set globally: the host app's own pg usage is left alone.
 */
import pg from 'pg';

const INT8_OID = 20;
const BYTEA_OID = 17;

function parseInt8(text: string): number | bigint {
  const value = BigInt(text);
  return value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER) ? value : Number(value);
}

function parseBytea(text: string): Uint8Array {
  const buffer = pg.types.getTypeParser(BYTEA_OID, 'text')(text) as Buffer;
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The `types` option of a pg Pool. */
export const storeTypeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (format !== 'binary') {
      if (oid === INT8_OID) return parseInt8;
      if (oid === BYTEA_OID) return parseBytea;
    }
    return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
  },
};
