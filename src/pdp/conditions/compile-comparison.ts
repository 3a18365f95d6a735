/**
 * One comparison (`{ field, op, value }`) compiled into a predicate over requests.
 *
 * Missing fields, decided once for every operator:
 * - A field is missing when it resolves to `undefined` (absent, or reached through a
 *   non-object). `null` is a value: `equals null` holds for it, but `exists` does not.
 * - Every positive operator (`equals`, `contains`, `contains_any`, `greater_than`,
 *   `less_than`, `regex`, `in`) is false on a missing field, and on a value of the wrong type.
 * - `not_equals`, `not_contains` and `not_in` are exactly the negation of their positive
 *   operator, so they are true on a missing field. This is the fail-closed choice: these
 *   operators are written as allow lists and exemptions (`model not_in [approved]` → block;
 *   `roles not_in [auditor]` → redact), and a request that omits the field then gets the
 *   restriction instead of slipping past it.
 * - `exists` holds when the field has a value other than `null`; `exists` with `value: false`
 *   holds exactly when it does not.
 * - An array field (`roles`, or an array under `attributes`/`tool.args`) satisfies a positive
 *   operator when any element does; `contains`/`contains_any` then compare whole elements.
 */
import type { ConfigIssue } from '../../errors.js';
import { buildOperatorTests, type PositiveOperator } from './comparison-operators.js';
import { compileFieldReader } from './resolve-field.js';

/**
 * A compiled condition. Pure. A request of any shape is answered (what cannot be read counts
 * as missing); the only exception that can escape is a user regex exhausting the regex
 * engine's stack, which the policy engine turns into `evaluation_error` (deny).
 */
export type RequestPredicate = (req: unknown) => boolean;

const POSITIVE: Readonly<Record<string, { op: PositiveOperator; negated: boolean }>> = {
  equals: { op: 'equals', negated: false },
  not_equals: { op: 'equals', negated: true },
  contains: { op: 'contains', negated: false },
  not_contains: { op: 'contains', negated: true },
  contains_any: { op: 'contains_any', negated: false },
  greater_than: { op: 'greater_than', negated: false },
  less_than: { op: 'less_than', negated: false },
  regex: { op: 'regex', negated: false },
  in: { op: 'in', negated: false },
  not_in: { op: 'in', negated: true },
};

/**
 * The elements of `value` when it is an array, skipping accessors; `null` when it is not an
 * array; `undefined` when it cannot be read (a revoked or hostile Proxy), which the caller
 * treats as a missing field.
 */
function readableElements(value: unknown): unknown[] | null | undefined {
  try {
    if (!Array.isArray(value)) return null;
    const out: unknown[] = [];
    const array: readonly unknown[] = value;
    const length = array.length;
    for (let i = 0; i < length; i++) {
      const descriptor = Object.getOwnPropertyDescriptor(array, i);
      if (descriptor !== undefined && 'value' in descriptor) out.push(descriptor.value);
    }
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Compiles `comparison`, recording problems in `issues` with paths under `path`.
 * Returns `undefined` when anything is wrong.
 */
export function compileComparison(
  comparison: Readonly<Record<string, unknown>>,
  path: (string | number)[],
  issues: ConfigIssue[],
): RequestPredicate | undefined {
  const { field, op, value } = comparison;
  const before = issues.length;
  const read = typeof field === 'string' ? compileFieldReader(field) : undefined;
  if (read === undefined) {
    issues.push({
      path: [...path, 'field'],
      message: 'must be one of orgId, clientId, userId, roles, stage, model, provider, text, tool.name, tool.server, tool.args.<path>, attributes.<path>',
    });
  }

  if (op === 'exists') {
    // `value: false` asks for absence; anything but a boolean is a mistake.
    if (value !== undefined && typeof value !== 'boolean') {
      issues.push({ path: [...path, 'value'], message: '"exists" takes no value, or true / false' });
    }
    if (read === undefined || issues.length > before) return undefined;
    const wanted = value !== false;
    return (req) => {
      const v = read(req);
      return (v !== undefined && v !== null) === wanted;
    };
  }

  const spec = typeof op === 'string' && Object.hasOwn(POSITIVE, op) ? POSITIVE[op] : undefined;
  if (spec === undefined) {
    issues.push({ path: [...path, 'op'], message: `unknown operator ${typeof op === 'string' ? JSON.stringify(op) : typeof op}; use one of ${[...Object.keys(POSITIVE), 'exists'].join(', ')}` });
    return undefined;
  }
  const tests = buildOperatorTests(spec.op, value, [...path, 'value'], issues);
  if (read === undefined || tests === undefined) return undefined;

  const { single, element } = tests;
  const holds = (v: unknown): boolean => {
    if (v === undefined) return false;
    const elements = readableElements(v);
    if (elements === null) return single(v);
    if (elements === undefined) return false;
    for (const e of elements) if (element(e)) return true;
    return false;
  };
  return spec.negated ? (req) => !holds(read(req)) : (req) => holds(read(req));
}
