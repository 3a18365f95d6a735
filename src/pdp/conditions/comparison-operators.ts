/**
 * What each comparison operator means for a field value that is present.
 *
 * An operator gives two tests: one for a single value (a string, number, boolean or null
 * field) and one for each element of an array field such as `roles`, where the comparison
 * holds when any element passes. The two differ only for `contains` and `contains_any`:
 * on a string they look for substrings, on an array for equal elements.
 *
 * The negated operators (`not_equals`, `not_contains`, `not_in`) and missing fields are
 * handled one level up, in `compile-comparison.ts`.
 */
import type { ConfigIssue } from '../../errors.js';
import { compileUserRegex } from './compile-user-regex.js';

/** The operators that state something positive; each `not_*` operator is the negation of one. */
export type PositiveOperator = 'equals' | 'contains' | 'contains_any' | 'greater_than' | 'less_than' | 'regex' | 'in';

export interface OperatorTests {
  /** For a field whose value is not an array. */
  single: (value: unknown) => boolean;
  /** For one element of an array field. */
  element: (value: unknown) => boolean;
}

type Scalar = string | number | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return `a ${typeof value}`;
}

/** The value as a list of scalars, or an issue. */
function scalarList(op: string, value: unknown, path: (string | number)[], issues: ConfigIssue[]): Scalar[] | undefined {
  if (!Array.isArray(value)) {
    issues.push({ path, message: `"${op}" needs an array of values; got ${describe(value)}` });
    return undefined;
  }
  const bad = value.findIndex((v) => !isScalar(v));
  if (bad >= 0) {
    issues.push({ path: [...path, bad], message: `"${op}" compares with strings, finite numbers, booleans or null; got ${describe(value[bad])}` });
    return undefined;
  }
  return value as Scalar[];
}

function singleScalar(op: string, hint: string, value: unknown, path: (string | number)[], issues: ConfigIssue[]): Scalar | undefined {
  if (isScalar(value)) return value;
  issues.push({ path, message: `"${op}" needs one string, finite number, boolean or null; got ${describe(value)}${Array.isArray(value) ? `. ${hint}` : ''}` });
  return undefined;
}

function finiteNumber(op: string, value: unknown, path: (string | number)[], issues: ConfigIssue[]): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  issues.push({ path, message: `"${op}" needs a finite number; got ${describe(value)}` });
  return undefined;
}

/**
 * Builds the tests for `op` against the configured `value`, or records issues at `path`
 * (the condition's `value`) and returns `undefined`. Regexes are compiled here, once.
 */
export function buildOperatorTests(
  op: PositiveOperator,
  value: unknown,
  path: (string | number)[],
  issues: ConfigIssue[],
): OperatorTests | undefined {
  switch (op) {
    case 'equals': {
      const expected = singleScalar(op, 'Use "in" to compare with a list.', value, path, issues);
      if (expected === undefined) return undefined;
      const same = (v: unknown) => v === expected;
      return { single: same, element: same };
    }
    case 'contains': {
      const needle = singleScalar(op, 'Use "contains_any" to look for any of several values.', value, path, issues);
      if (needle === undefined) return undefined;
      return {
        single: (v) => typeof v === 'string' && typeof needle === 'string' && v.includes(needle),
        element: (v) => v === needle,
      };
    }
    case 'contains_any': {
      const needles = scalarList(op, value, path, issues);
      if (needles === undefined) return undefined;
      const strings = needles.filter((n): n is string => typeof n === 'string');
      const members = new Set<unknown>(needles);
      return {
        single: (v) => typeof v === 'string' && strings.some((s) => v.includes(s)),
        element: (v) => members.has(v),
      };
    }
    case 'in': {
      const allowed = scalarList(op, value, path, issues);
      if (allowed === undefined) return undefined;
      const members = new Set<unknown>(allowed);
      const member = (v: unknown) => isScalar(v) && members.has(v);
      return { single: member, element: member };
    }
    case 'greater_than': {
      const bound = finiteNumber(op, value, path, issues);
      if (bound === undefined) return undefined;
      // No coercion: the string "7" is not a number, and NaN is never greater or less.
      const above = (v: unknown) => typeof v === 'number' && v > bound;
      return { single: above, element: above };
    }
    case 'less_than': {
      const bound = finiteNumber(op, value, path, issues);
      if (bound === undefined) return undefined;
      const below = (v: unknown) => typeof v === 'number' && v < bound;
      return { single: below, element: below };
    }
    case 'regex': {
      if (typeof value !== 'string') {
        issues.push({ path, message: `"regex" needs a regular-expression source string; got ${describe(value)}` });
        return undefined;
      }
      // No `g` or `y` flag: `test` then keeps no state between requests.
      const re = compileUserRegex(value, '', path, issues);
      if (re === undefined) return undefined;
      const matches = (v: unknown) => typeof v === 'string' && re.test(v);
      return { single: matches, element: matches };
    }
  }
}
