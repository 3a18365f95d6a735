/**
 * Conditions compiled once, when the engine is created, into plain predicates.
 *
 * `all` holds when every part holds, `any` when one does, `not` when its part does not.
 * Comparison semantics, including missing fields, are described in `compile-comparison.ts`
 * and in the README's policy reference.
 */
import { PolicyConfigError, type ConfigIssue } from '../../errors.js';
import type { Condition } from '../policy-schema.js';
import type { DecisionRequest } from '../request-schema.js';
import { compileComparison, type RequestPredicate } from './compile-comparison.js';

/** A compiled condition: pure, allocation-light, and safe on any request shape. */
export type CompiledCondition = (req: DecisionRequest) => boolean;

/**
 * Deep nesting is never needed to express a rule, and would make evaluation recurse without
 * bound; refusing it keeps a hostile policy file from overflowing the stack.
 */
export const MAX_CONDITION_DEPTH = 32;

const COMBINATORS = ['all', 'any', 'not'] as const;
const COMPARISON_KEYS = new Set(['field', 'op', 'value']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compileList(
  key: 'all' | 'any',
  parts: unknown,
  path: (string | number)[],
  issues: ConfigIssue[],
  depth: number,
): RequestPredicate[] | undefined {
  if (!Array.isArray(parts) || parts.length === 0) {
    issues.push({ path: [...path, key], message: `"${key}" needs a non-empty array of conditions` });
    return undefined;
  }
  const compiled = parts.map((part, i) => compileInto(part, [...path, key, i], issues, depth + 1));
  return compiled.every((c) => c !== undefined) ? (compiled as RequestPredicate[]) : undefined;
}

function compileInto(cond: unknown, path: (string | number)[], issues: ConfigIssue[], depth: number): RequestPredicate | undefined {
  if (depth > MAX_CONDITION_DEPTH) {
    issues.push({ path, message: `conditions may nest at most ${MAX_CONDITION_DEPTH} levels deep` });
    return undefined;
  }
  if (!isRecord(cond)) {
    issues.push({ path, message: 'a condition must be an object: { field, op, value }, { all: [...] }, { any: [...] } or { not: {...} }' });
    return undefined;
  }
  const keys = Object.keys(cond);
  const combinator = COMBINATORS.filter((k) => Object.hasOwn(cond, k));
  if (combinator.length > 1 || (combinator.length === 1 && keys.length > 1)) {
    issues.push({ path, message: `a condition has exactly one of "all", "any", "not", or is a comparison; got keys ${keys.join(', ')}` });
    return undefined;
  }

  switch (combinator[0]) {
    case 'all': {
      const parts = compileList('all', cond.all, path, issues, depth);
      if (parts === undefined) return undefined;
      if (parts.length === 1) return parts[0];
      return (req) => {
        for (const part of parts) if (!part(req)) return false;
        return true;
      };
    }
    case 'any': {
      const parts = compileList('any', cond.any, path, issues, depth);
      if (parts === undefined) return undefined;
      if (parts.length === 1) return parts[0];
      return (req) => {
        for (const part of parts) if (part(req)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileInto(cond.not, [...path, 'not'], issues, depth + 1);
      return inner === undefined ? undefined : (req) => !inner(req);
    }
    default: {
      const unknown = keys.filter((k) => !COMPARISON_KEYS.has(k));
      for (const k of unknown) issues.push({ path: [...path, k], message: 'unknown key in a comparison; use field, op and value' });
      const compiled = compileComparison(cond, path, issues);
      return unknown.length > 0 ? undefined : compiled;
    }
  }
}

/**
 * Compiles a policy condition into a predicate. Regular expressions are built here, once.
 *
 * `path` is where the condition sits in the policy set; every problem is reported under it,
 * e.g. `['policies', 3, 'when', 'all', 1, 'value']`. All problems in the condition are
 * collected into one {@link PolicyConfigError}.
 *
 * @throws PolicyConfigError when an operator and its value do not fit together (`greater_than`
 * without a finite number, `in` without an array, `regex` with an invalid or non-string
 * source), a field is outside the grammar, or the condition is malformed.
 *
 * @example
 * ```ts
 * const isProdAdmin = compileCondition(
 *   { all: [{ field: 'attributes.env', op: 'equals', value: 'prod' }, { field: 'roles', op: 'contains', value: 'admin' }] },
 *   ['policies', 0, 'when'],
 * );
 * isProdAdmin({ orgId: 'acme', stage: 'input', roles: ['admin'], attributes: { env: 'prod' } }); // true
 * ```
 */
export function compileCondition(cond: Condition, path: (string | number)[]): CompiledCondition {
  const issues: ConfigIssue[] = [];
  const compiled = compileInto(cond, [...path], issues, 0);
  if (compiled === undefined || issues.length > 0) {
    throw new PolicyConfigError(issues.length > 0 ? issues : [{ path: [...path], message: 'invalid condition' }]);
  }
  return compiled;
}
