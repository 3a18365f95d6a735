/**
 * Canonical JSON: object keys sorted, no whitespace. The same value always gives the same text,
 * whatever order its keys were written in, and PostgreSQL's jsonb (which reorders keys) reads
 * back to the same text. Hashes and signatures are computed over it.
 */
import { GatehouseTypeError } from '../errors.js';

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
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new GatehouseTypeError(`Cannot encode ${value} as JSON.`);
      return JSON.stringify(value);
    case 'object': {
      // Plain loops: this runs for every audit record, twice.
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
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new GatehouseTypeError(`Cannot encode a ${typeof value} as JSON.`);
  }
}
