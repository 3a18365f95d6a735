/**
 * Reading a condition's field out of a decision request.
 *
 * The request normally arrives validated, but `tool.args` and `attributes` hold arbitrary host
 * data, so the reader trusts nothing: it follows own data properties only (never the prototype
 * chain, never a getter), so `attributes.__proto__` or `tool.args.constructor` read as missing
 * instead of reaching `Object.prototype`. Anything it cannot follow is `undefined`.
 */

/** Reads one field from a request; `undefined` when the field is missing. Never throws. */
export type FieldReader = (req: unknown) => unknown;

/** The request fields a condition may name directly. */
const TOP_LEVEL_FIELDS = new Set(['orgId', 'clientId', 'userId', 'roles', 'stage', 'model', 'provider', 'text']);

/**
 * The fields a condition may read. `ConditionFieldSchema` validates with this same pattern, and
 * the reader checks it again, so no reader is built for a path the schema would reject even
 * when a caller skips schema validation.
 */
export const CONDITION_FIELD_PATTERN = /^(orgId|clientId|userId|roles|stage|model|provider|text|tool\.name|tool\.server|tool\.args(\.[A-Za-z0-9_$-]+)+|attributes(\.[A-Za-z0-9_$-]+)+)$/;

/** Canonical array index: `0`, `17`; not `01`, `-1` or `1e3`. */
const ARRAY_INDEX = /^(0|[1-9][0-9]{0,8})$/;

/** Is `field` a name a condition may read? */
export function isConditionField(field: unknown): field is string {
  return typeof field === 'string' && CONDITION_FIELD_PATTERN.test(field);
}

/**
 * The own, data-valued property `key` of `holder`, or `undefined`.
 * Arrays expose only their elements (no `length`); strings and other primitives expose nothing.
 */
function ownValue(holder: unknown, key: string): unknown {
  if (typeof holder !== 'object' || holder === null) return undefined;
  if (Array.isArray(holder) && !ARRAY_INDEX.test(key)) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(holder, key);
  // A getter could throw or change between reads; only plain data counts.
  return descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined;
}

/**
 * Builds a reader for `field` once, so that evaluation does no string splitting.
 * Returns `undefined` for a field outside the condition grammar.
 *
 * @example
 * ```ts
 * const risk = compileFieldReader('attributes.risk')!;
 * risk({ orgId: 'o', stage: 'input', attributes: { risk: 'high' } }); // 'high'
 * risk({ orgId: 'o', stage: 'input', attributes: { __proto__: 1 } });  // undefined
 * ```
 */
export function compileFieldReader(field: string): FieldReader | undefined {
  if (!isConditionField(field)) return undefined;
  const path = TOP_LEVEL_FIELDS.has(field) ? [field] : field.split('.');
  return (req) => {
    try {
      let value: unknown = req;
      for (const key of path) {
        value = ownValue(value, key);
        if (value === undefined) return undefined;
      }
      return value;
    } catch {
      // A revoked or hostile Proxy can throw from getOwnPropertyDescriptor: treat as missing.
      return undefined;
    }
  };
}

/**
 * Reads `field` from `req` without compiling first. Prefer {@link compileFieldReader} on hot paths.
 *
 * @example
 * ```ts
 * resolveField({ orgId: 'o', stage: 'tool_call', tool: { name: 'sql', args: { db: { name: 'prod' } } } }, 'tool.args.db.name'); // 'prod'
 * resolveField({ orgId: 'o', stage: 'input' }, 'attributes.constructor'); // undefined
 * ```
 */
export function resolveField(req: unknown, field: string): unknown {
  return compileFieldReader(field)?.(req);
}
