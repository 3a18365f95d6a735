/**
 * Canonical JSON: object keys sorted, no whitespace. The same value always gives the same text,
 * whatever order its keys were written in, and PostgreSQL's jsonb (which reorders keys) reads
 * back to the same text. Hashes and signatures are computed over it.
 */
import { GatehouseTypeError } from '../errors.js';

/**
 * JSON.stringify() of short strings, remembered. Every audit record encodes the same keys and
 * policy ids (`"action"`, `"id"`, `"pci"` …) many times over; a lookup is cheaper than quoting.
 */
const quoted = new Map<string, string>();
const MAX_QUOTED_LENGTH = 64;
const MAX_QUOTED = 4096;

/** `JSON.stringify(text)`, from the cache when `text` is short. */
export function quoteJson(text: string): string {
  if (text.length > MAX_QUOTED_LENGTH) return JSON.stringify(text);
  let out = quoted.get(text);
  if (out === undefined) {
    out = JSON.stringify(text);
    if (quoted.size >= MAX_QUOTED) quoted.clear();
    quoted.set(text, out);
  }
  return out;
}

/** Most objects here have a few keys, often written in order already: checking is cheaper than sorting. */
function sorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/**
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quoteJson(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new GatehouseTypeError(`Cannot encode ${value} as JSON.`);
      return JSON.stringify(value);
    case 'object': {
      // Plain loops: this runs for every audit record.
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined ? 'null' : canonicalJson(item);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (!sorted(keys)) keys.sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        out += `${first ? '' : ','}${quoteJson(key)}:${canonicalJson(item)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new GatehouseTypeError(`Cannot encode a ${typeof value} as JSON.`);
  }
}
