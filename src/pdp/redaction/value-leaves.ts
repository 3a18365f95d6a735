/**
 * The same leaf view as `jsonLeaves`, for values that are already parsed (tool arguments).
 * Arrays and plain objects are walked; any other object (a Date, a Map, a class instance) is
 * not JSON data and is passed through untouched.
 */
import { GatehouseTypeError } from '../../errors.js';
import { CyclicValueError, ValueTooDeepError } from './errors.js';
import { ROOT_PATH, childIndexPath, childKeyPath } from './json-path.js';

/** A string (or, on request, number) inside a parsed value. */
export interface ValueLeaf {
  /** Like `$.user.cards[0]`, the same notation as `JsonLeaf.path`. */
  path: string;
  /** The object key the value sits under; for an array element, the nearest enclosing object key; else `null`. */
  key: string | null;
  /** The string, or `String(n)` for a number leaf. */
  value: string;
}

export interface ValueLeafOptions {
  /** Also visit finite numbers (as `String(n)`). Default `false`. */
  includeNumbers?: boolean;
}

/** Values nested deeper than this are refused with `ValueTooDeepError`. */
export const MAX_VALUE_DEPTH = 1000;

/**
 * The string leaves of `value`, in `JSON.stringify` order.
 *
 * @example
 * ```ts
 * stringLeaves({ query: 'SELECT 1', to: ['ana@example.com'], limit: 5 });
 * // [ { path: '$.query', key: 'query', value: 'SELECT 1' },
 * //   { path: '$.to[0]', key: 'to', value: 'ana@example.com' } ]
 * ```
 */
export function stringLeaves(value: unknown, options: ValueLeafOptions = {}): ValueLeaf[] {
  const leaves: ValueLeaf[] = [];
  walk(value, options, (leaf) => {
    leaves.push(leaf);
    return leaf.value;
  });
  return leaves;
}

/**
 * A deep copy of `value` with each string leaf replaced by `fn(leaf)`. Arrays and plain
 * objects are copied; other values are shared with the input. A number leaf (with
 * `includeNumbers`) stays the same number when `fn` returns its `String(n)` unchanged, and
 * becomes the returned string otherwise. Throws `CyclicValueError` on a cycle and
 * `ValueTooDeepError` beyond {@link MAX_VALUE_DEPTH} levels.
 *
 * @example
 * ```ts
 * mapStringLeaves({ to: ['ana@example.com'], n: 1 }, (leaf) => leaf.key === 'to' ? '[REDACTED:email]' : leaf.value);
 * // { to: ['[REDACTED:email]'], n: 1 }
 * ```
 */
export function mapStringLeaves(value: unknown, fn: (leaf: ValueLeaf) => string, options: ValueLeafOptions = {}): unknown {
  if (typeof fn !== 'function') throw new GatehouseTypeError('The "fn" argument of mapStringLeaves() must be a function.');
  return walk(value, options, (leaf) => {
    const out = fn(leaf);
    if (typeof out !== 'string') throw new GatehouseTypeError(`mapStringLeaves(): the function must return a string (at ${leaf.path}).`);
    return out;
  });
}

function walk(root: unknown, options: ValueLeafOptions, visit: (leaf: ValueLeaf) => string): unknown {
  const includeNumbers = options.includeNumbers === true;
  const ancestors = new Set<object>();

  const go = (value: unknown, path: string, key: string | null, depth: number): unknown => {
    if (typeof value === 'string') return visit({ path, key, value });
    if (typeof value === 'number') {
      if (!includeNumbers || !Number.isFinite(value)) return value;
      const text = String(value);
      const out = visit({ path, key, value: text });
      return out === text ? value : out;
    }
    if (value === null || typeof value !== 'object') return value;
    const array = Array.isArray(value);
    if (!array && !isPlainObject(value)) return value;
    if (ancestors.has(value)) throw new CyclicValueError(path);
    if (depth >= MAX_VALUE_DEPTH) throw new ValueTooDeepError(MAX_VALUE_DEPTH, path);
    ancestors.add(value);
    let copy: unknown;
    if (array) {
      const items = value as unknown[];
      const out = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i++) out[i] = go(items[i], childIndexPath(path, i), key, depth + 1);
      copy = out;
    } else {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
      for (const k of Object.keys(source)) {
        const v = go(source[k], childKeyPath(path, k), k, depth + 1);
        // A "__proto__" member (JSON.parse makes it an own property) must not become the prototype.
        if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        else out[k] = v;
      }
      copy = out;
    }
    ancestors.delete(value);
    return copy;
  };

  return go(root, ROOT_PATH, null, 0);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
