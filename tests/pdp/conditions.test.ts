import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyConfigError } from '../../src/errors.js';
import { compileCondition, MAX_CONDITION_DEPTH } from '../../src/pdp/conditions/compile-condition.js';
import { resolveField } from '../../src/pdp/conditions/resolve-field.js';
import { CONDITION_OPERATORS, ConditionSchema, type Condition } from '../../src/pdp/policy-schema.js';
import type { DecisionRequest } from '../../src/pdp/request-schema.js';

const base: DecisionRequest = { orgId: 'acme', stage: 'input' };
const req = (extra: Partial<DecisionRequest> = {}): DecisionRequest => ({ ...base, ...extra });
const check = (cond: Condition, r: unknown): boolean => compileCondition(cond, ['when'])(r as DecisionRequest);

/** The issues of the PolicyConfigError that compiling `cond` at `path` throws. */
function issuesOf(cond: unknown, path: (string | number)[] = ['policies', 3, 'when']) {
  try {
    compileCondition(cond as Condition, path);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyConfigError);
    expect((e as PolicyConfigError).code).toBe('POLICY_CONFIG_INVALID');
    return (e as PolicyConfigError).issues;
  }
  throw new Error('expected compileCondition to throw');
}

describe('field resolution', () => {
  const r = req({
    clientId: 'web', userId: 'u1', roles: ['analyst'], model: 'gpt-4o', provider: 'openai', text: 'hi',
    tool: { name: 'run_sql', server: 'db', args: { query: 'select 1', db: { name: 'prod' }, items: ['a', 'b'] } },
    attributes: { env: 'prod', nested: { risk: 7 } },
  });

  it('reads every top-level field, tool fields and dotted paths', () => {
    expect(resolveField(r, 'orgId')).toBe('acme');
    expect(resolveField(r, 'clientId')).toBe('web');
    expect(resolveField(r, 'userId')).toBe('u1');
    expect(resolveField(r, 'roles')).toEqual(['analyst']);
    expect(resolveField(r, 'stage')).toBe('input');
    expect(resolveField(r, 'model')).toBe('gpt-4o');
    expect(resolveField(r, 'provider')).toBe('openai');
    expect(resolveField(r, 'text')).toBe('hi');
    expect(resolveField(r, 'tool.name')).toBe('run_sql');
    expect(resolveField(r, 'tool.server')).toBe('db');
    expect(resolveField(r, 'tool.args.query')).toBe('select 1');
    expect(resolveField(r, 'tool.args.db.name')).toBe('prod');
    expect(resolveField(r, 'tool.args.items.1')).toBe('b');
    expect(resolveField(r, 'attributes.nested.risk')).toBe(7);
  });

  it('reads missing fields, array lengths, string properties and out-of-grammar fields as undefined', () => {
    expect(resolveField(base, 'userId')).toBeUndefined();
    expect(resolveField(base, 'tool.name')).toBeUndefined();
    expect(resolveField(r, 'tool.args.items.length')).toBeUndefined();
    expect(resolveField(r, 'tool.args.items.01')).toBeUndefined();
    expect(resolveField(r, 'tool.args.query.length')).toBeUndefined();
    expect(resolveField(r, 'attributes.env.0')).toBeUndefined();
    expect(resolveField(r, 'tool')).toBeUndefined();
    expect(resolveField(r, 'attributes')).toBeUndefined();
  });

  it('never reaches the prototype chain', () => {
    const r2 = req({ attributes: { env: 'prod' }, tool: { name: 't', args: {} } });
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      expect(resolveField(r2, `attributes.${key}`)).toBeUndefined();
      expect(resolveField(r2, `tool.args.${key}`)).toBeUndefined();
      expect(resolveField(r2, `attributes.env.${key}`)).toBeUndefined();
    }
    expect(resolveField(r2, 'attributes.constructor.name')).toBeUndefined();
    expect(check({ field: 'attributes.constructor', op: 'exists' }, r2)).toBe(false);
    expect(check({ field: 'attributes.__proto__', op: 'exists' }, r2)).toBe(false);
  });

  it('reads an own __proto__ key set as data, but not one inherited', () => {
    const attributes = JSON.parse('{"__proto__": "own"}') as Record<string, unknown>;
    expect(resolveField(req({ attributes }), 'attributes.__proto__')).toBe('own');
    const inherited = Object.create({ risk: 'high' }) as Record<string, unknown>;
    expect(resolveField(req({ attributes: inherited }), 'attributes.risk')).toBeUndefined();
  });

  it('does not run getters and survives hostile proxies', () => {
    let ran = false;
    const attributes = { get risk() { ran = true; return 'high'; } };
    expect(resolveField(req({ attributes }), 'attributes.risk')).toBeUndefined();
    expect(ran).toBe(false);

    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(resolveField(req({ attributes: { p: proxy } }), 'attributes.p.x')).toBeUndefined();
    expect(resolveField(req({ attributes: proxy as Record<string, unknown> }), 'attributes.x')).toBeUndefined();
    // A revoked proxy as the value itself: Array.isArray would throw on it.
    expect(check({ field: 'attributes.p', op: 'equals', value: 'x' }, req({ attributes: { p: proxy } }))).toBe(false);
    expect(check({ field: 'attributes.p', op: 'not_in', value: ['x'] }, req({ attributes: { p: proxy } }))).toBe(true);
  });

  it('answers any request shape without throwing', () => {
    for (const weird of [null, undefined, 42, 'text', [], [1, 2], { attributes: 'x' }, { tool: 7 }, { roles: 'admin' }, { attributes: null }]) {
      expect(check({ field: 'attributes.risk', op: 'equals', value: 'high' }, weird)).toBe(false);
      expect(check({ field: 'attributes.risk', op: 'not_equals', value: 'high' }, weird)).toBe(true);
      expect(check({ field: 'tool.args.q', op: 'regex', value: 'x' }, weird)).toBe(false);
    }
  });
});

describe('operators', () => {
  it('equals is strict and, on an array field, holds when any element is equal', () => {
    expect(check({ field: 'model', op: 'equals', value: 'gpt-4o' }, req({ model: 'gpt-4o' }))).toBe(true);
    expect(check({ field: 'model', op: 'equals', value: 'gpt-4o' }, req({ model: 'GPT-4o' }))).toBe(false);
    expect(check({ field: 'attributes.risk', op: 'equals', value: 7 }, req({ attributes: { risk: '7' } }))).toBe(false);
    expect(check({ field: 'attributes.risk', op: 'equals', value: 7 }, req({ attributes: { risk: 7 } }))).toBe(true);
    expect(check({ field: 'attributes.flag', op: 'equals', value: true }, req({ attributes: { flag: 1 } }))).toBe(false);
    expect(check({ field: 'attributes.x', op: 'equals', value: null }, req({ attributes: { x: null } }))).toBe(true);
    expect(check({ field: 'attributes.x', op: 'equals', value: null }, req({ attributes: {} }))).toBe(false);
    expect(check({ field: 'roles', op: 'equals', value: 'admin' }, req({ roles: ['user', 'admin'] }))).toBe(true);
    expect(check({ field: 'roles', op: 'equals', value: 'admin' }, req({ roles: ['administrator'] }))).toBe(false);
  });

  it('not_equals is the negation of equals, including on a missing field', () => {
    expect(check({ field: 'model', op: 'not_equals', value: 'gpt-4o' }, req({ model: 'gpt-4o' }))).toBe(false);
    expect(check({ field: 'model', op: 'not_equals', value: 'gpt-4o' }, req({ model: 'o3' }))).toBe(true);
    expect(check({ field: 'model', op: 'not_equals', value: 'gpt-4o' }, req())).toBe(true);
    expect(check({ field: 'roles', op: 'not_equals', value: 'admin' }, req({ roles: ['user', 'admin'] }))).toBe(false);
  });

  it('contains looks for a substring in a string and an equal element in an array', () => {
    expect(check({ field: 'text', op: 'contains', value: 'secret' }, req({ text: 'top secret plan' }))).toBe(true);
    expect(check({ field: 'text', op: 'contains', value: 'Secret' }, req({ text: 'top secret plan' }))).toBe(false);
    expect(check({ field: 'roles', op: 'contains', value: 'admin' }, req({ roles: ['admin'] }))).toBe(true);
    expect(check({ field: 'roles', op: 'contains', value: 'adm' }, req({ roles: ['admin'] }))).toBe(false);
    expect(check({ field: 'attributes.n', op: 'contains', value: '1' }, req({ attributes: { n: 123 } }))).toBe(false);
    expect(check({ field: 'attributes.tags', op: 'contains', value: 3 }, req({ attributes: { tags: [1, 2, 3] } }))).toBe(true);
    expect(check({ field: 'text', op: 'contains', value: 'x' }, req())).toBe(false);
  });

  it('not_contains negates contains and holds on a missing field', () => {
    expect(check({ field: 'text', op: 'not_contains', value: 'secret' }, req({ text: 'top secret' }))).toBe(false);
    expect(check({ field: 'text', op: 'not_contains', value: 'secret' }, req({ text: 'public' }))).toBe(true);
    expect(check({ field: 'text', op: 'not_contains', value: 'secret' }, req())).toBe(true);
    expect(check({ field: 'roles', op: 'not_contains', value: 'auditor' }, req({ roles: ['auditor', 'x'] }))).toBe(false);
  });

  it('contains_any matches any substring in a string and any common element in an array', () => {
    const words: Condition = { field: 'text', op: 'contains_any', value: ['alpha', 'beta'] };
    expect(check(words, req({ text: 'the beta plan' }))).toBe(true);
    expect(check(words, req({ text: 'the gamma plan' }))).toBe(false);
    const roles: Condition = { field: 'roles', op: 'contains_any', value: ['admin', 'owner'] };
    expect(check(roles, req({ roles: ['viewer', 'owner'] }))).toBe(true);
    expect(check(roles, req({ roles: ['viewer'] }))).toBe(false);
    expect(check(roles, req({ roles: [] }))).toBe(false);
    expect(check({ field: 'text', op: 'contains_any', value: [] }, req({ text: 'x' }))).toBe(false);
    // Only string needles apply to a string field.
    expect(check({ field: 'text', op: 'contains_any', value: [1] }, req({ text: '1' }))).toBe(false);
  });

  it('greater_than and less_than compare numbers only, strictly', () => {
    const gt: Condition = { field: 'attributes.risk', op: 'greater_than', value: 5 };
    const lt: Condition = { field: 'attributes.risk', op: 'less_than', value: 5 };
    expect(check(gt, req({ attributes: { risk: 7 } }))).toBe(true);
    expect(check(gt, req({ attributes: { risk: 5 } }))).toBe(false);
    expect(check(lt, req({ attributes: { risk: 5 } }))).toBe(false);
    expect(check(lt, req({ attributes: { risk: -1.5 } }))).toBe(true);
    expect(check(gt, req({ attributes: { risk: '7' } }))).toBe(false);
    expect(check(lt, req({ attributes: { risk: '1' } }))).toBe(false);
    expect(check(gt, req({ attributes: { risk: Number.NaN } }))).toBe(false);
    expect(check(lt, req({ attributes: { risk: Number.NaN } }))).toBe(false);
    expect(check(gt, req())).toBe(false);
    expect(check(gt, req({ attributes: { risk: [1, 9] } }))).toBe(true);
  });

  it('regex tests strings with Unicode semantics, and any element of an array', () => {
    expect(check({ field: 'model', op: 'regex', value: '^gpt-4' }, req({ model: 'gpt-4o-mini' }))).toBe(true);
    expect(check({ field: 'model', op: 'regex', value: '^gpt-4' }, req({ model: 'my-gpt-4' }))).toBe(false);
    expect(check({ field: 'text', op: 'regex', value: '^\\p{Lu}' }, req({ text: 'Élan' }))).toBe(true);
    expect(check({ field: 'text', op: 'regex', value: '^.$' }, req({ text: '😀' }))).toBe(true);
    expect(check({ field: 'attributes.n', op: 'regex', value: '\\d' }, req({ attributes: { n: 5 } }))).toBe(false);
    expect(check({ field: 'roles', op: 'regex', value: '^admin:' }, req({ roles: ['user', 'admin:eu'] }))).toBe(true);
  });

  it('regex keeps no state between requests', () => {
    const c = compileCondition({ field: 'text', op: 'regex', value: 'a' }, ['when']);
    for (let i = 0; i < 5; i++) expect(c(req({ text: 'a' }))).toBe(true);
  });

  it('in and not_in check membership; an array field is in when any element is', () => {
    const inList: Condition = { field: 'model', op: 'in', value: ['gpt-4o', 'o3'] };
    const notIn: Condition = { field: 'model', op: 'not_in', value: ['gpt-4o', 'o3'] };
    expect(check(inList, req({ model: 'o3' }))).toBe(true);
    expect(check(inList, req({ model: 'o4' }))).toBe(false);
    expect(check(notIn, req({ model: 'o4' }))).toBe(true);
    expect(check(notIn, req({ model: 'o3' }))).toBe(false);
    expect(check({ field: 'attributes.n', op: 'in', value: [1, 2] }, req({ attributes: { n: '1' } }))).toBe(false);
    expect(check({ field: 'roles', op: 'in', value: ['admin'] }, req({ roles: ['x', 'admin'] }))).toBe(true);
    expect(check({ field: 'roles', op: 'not_in', value: ['admin'] }, req({ roles: ['x', 'admin'] }))).toBe(false);
    expect(check({ field: 'roles', op: 'not_in', value: ['admin'] }, req({ roles: [] }))).toBe(true);
    expect(check({ field: 'model', op: 'in', value: [] }, req({ model: 'o3' }))).toBe(false);
  });

  it('not_in holds on a missing field, so an allow list fails closed', () => {
    const unapprovedModel: Condition = { field: 'model', op: 'not_in', value: ['gpt-4o'] };
    expect(check(unapprovedModel, req())).toBe(true);
    expect(check({ field: 'model', op: 'in', value: ['gpt-4o'] }, req())).toBe(false);
  });

  it('exists holds for any value but null; exists false holds for missing and null', () => {
    expect(check({ field: 'userId', op: 'exists' }, req({ userId: 'u' }))).toBe(true);
    expect(check({ field: 'userId', op: 'exists', value: true }, req())).toBe(false);
    expect(check({ field: 'attributes.x', op: 'exists' }, req({ attributes: { x: null } }))).toBe(false);
    expect(check({ field: 'attributes.x', op: 'exists' }, req({ attributes: { x: false } }))).toBe(true);
    expect(check({ field: 'attributes.x', op: 'exists', value: false }, req({ attributes: { x: null } }))).toBe(true);
    expect(check({ field: 'attributes.x', op: 'exists', value: false }, req())).toBe(true);
    expect(check({ field: 'attributes.x', op: 'exists', value: false }, req({ attributes: { x: 0 } }))).toBe(false);
  });
});

describe('combinators', () => {
  const prod: Condition = { field: 'attributes.env', op: 'equals', value: 'prod' };
  const admin: Condition = { field: 'roles', op: 'contains', value: 'admin' };

  it('all, any and not combine comparisons', () => {
    const both: Condition = { all: [prod, admin] };
    const either: Condition = { any: [prod, admin] };
    const prodAdmin = req({ attributes: { env: 'prod' }, roles: ['admin'] });
    const prodOnly = req({ attributes: { env: 'prod' } });
    const neither = req({ attributes: { env: 'dev' } });
    expect([check(both, prodAdmin), check(both, prodOnly), check(both, neither)]).toEqual([true, false, false]);
    expect([check(either, prodAdmin), check(either, prodOnly), check(either, neither)]).toEqual([true, true, false]);
    expect([check({ not: both }, prodAdmin), check({ not: both }, prodOnly)]).toEqual([false, true]);
    expect(check({ all: [prod] }, prodOnly)).toBe(true);
    expect(check({ any: [admin] }, prodOnly)).toBe(false);
  });

  it('not of a comparison on a missing field holds', () => {
    expect(check({ not: { field: 'attributes.risk', op: 'equals', value: 'high' } }, req())).toBe(true);
    expect(check({ not: { not: { field: 'attributes.risk', op: 'equals', value: 'high' } } }, req())).toBe(false);
  });
});

describe('configuration errors', () => {
  it('reports an operator/value mismatch at the exact path inside the condition', () => {
    const cond = { all: [{ field: 'model', op: 'equals', value: 'x' }, { field: 'attributes.risk', op: 'greater_than', value: 'high' }] };
    const issues = issuesOf(cond);
    expect(issues).toEqual([{ path: ['policies', 3, 'when', 'all', 1, 'value'], message: expect.stringContaining('finite number') }]);
  });

  it('rejects values that do not fit each operator', () => {
    const cases: [unknown, string][] = [
      [{ field: 'model', op: 'in', value: 'gpt-4o' }, 'array'],
      [{ field: 'model', op: 'not_in' }, 'array'],
      [{ field: 'model', op: 'contains_any', value: 'x' }, 'array'],
      [{ field: 'text', op: 'regex', value: 5 }, 'regular-expression source'],
      [{ field: 'attributes.n', op: 'less_than', value: [1] }, 'finite number'],
      [{ field: 'attributes.n', op: 'greater_than', value: null }, 'finite number'],
      [{ field: 'attributes.n', op: 'greater_than', value: Number.POSITIVE_INFINITY }, 'finite number'],
      [{ field: 'model', op: 'equals', value: ['a', 'b'] }, 'Use "in"'],
      [{ field: 'model', op: 'equals' }, 'needs one'],
      [{ field: 'text', op: 'contains', value: ['a'] }, 'contains_any'],
      [{ field: 'model', op: 'exists', value: 'yes' }, 'true / false'],
    ];
    for (const [cond, hint] of cases) {
      const issues = issuesOf({ any: [cond] }, ['policies', 0, 'when']);
      expect(issues, JSON.stringify(cond)).toEqual([{ path: ['policies', 0, 'when', 'any', 0, 'value'], message: expect.stringContaining(hint) }]);
    }
  });

  it('reports a bad element of a list at its index', () => {
    const issues = issuesOf({ field: 'model', op: 'in', value: ['a', { b: 1 }] }, ['p']);
    expect(issues.map((i) => i.path)).toEqual([['p', 'value', 1]]);
  });

  it('reports an invalid regex, and regexes that only Unicode mode rejects, at the value', () => {
    for (const source of ['(', 'a{', '\\-', '[a-\\d]']) {
      const issues = issuesOf({ not: { field: 'text', op: 'regex', value: source } }, ['policies', 1, 'when']);
      expect(issues, source).toEqual([{ path: ['policies', 1, 'when', 'not', 'value'], message: expect.stringContaining('invalid regular expression') }]);
    }
  });

  it('reports unknown fields, operators and keys, and collects every issue', () => {
    const issues = issuesOf({
      all: [
        { field: 'password', op: 'equals', value: 'x' },
        { field: 'model', op: 'like', value: 'x' },
        { field: 'model', op: 'equals', value: 'x', extra: 1 },
        { field: 'model', op: 'in', value: 3 },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual([
      ['policies', 3, 'when', 'all', 0, 'field'],
      ['policies', 3, 'when', 'all', 1, 'op'],
      ['policies', 3, 'when', 'all', 2, 'extra'],
      ['policies', 3, 'when', 'all', 3, 'value'],
    ]);
  });

  it('rejects malformed combinators', () => {
    expect(issuesOf({ all: [] }).map((i) => i.path)).toEqual([['policies', 3, 'when', 'all']]);
    expect(issuesOf({ any: 'x' }).map((i) => i.path)).toEqual([['policies', 3, 'when', 'any']]);
    expect(issuesOf({ all: [{ field: 'model', op: 'exists' }], not: { field: 'model', op: 'exists' } }).map((i) => i.path)).toEqual([['policies', 3, 'when']]);
    expect(issuesOf({ not: null }).map((i) => i.path)).toEqual([['policies', 3, 'when', 'not']]);
    expect(issuesOf('model = x').map((i) => i.path)).toEqual([['policies', 3, 'when']]);
  });

  it('refuses nesting deeper than the limit, and accepts nesting at the limit', () => {
    const nest = (levels: number): Condition => {
      let c: Condition = { field: 'model', op: 'exists' };
      for (let i = 0; i < levels; i++) c = { not: c };
      return c;
    };
    expect(() => compileCondition(nest(MAX_CONDITION_DEPTH), ['w'])).not.toThrow();
    expect(() => compileCondition(nest(10_000), ['w'])).toThrow(PolicyConfigError);
  });

  it('throws the regex engine error for a pattern that exhausts it, for the engine to deny', () => {
    const c = compileCondition({ field: 'text', op: 'regex', value: '^(?:(a)|(b))*$' }, ['when']);
    expect(() => c(req({ text: 'ab'.repeat(4_000_000) }))).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------
// Laws

const fieldArb = fc.constantFrom('model', 'roles', 'text', 'userId', 'tool.name', 'tool.args.q', 'attributes.risk', 'attributes.a.b', 'attributes.__proto__', 'attributes.constructor');
const scalarArb = fc.oneof(fc.constantFrom('a', 'b', 'ab', 'high', ''), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null));
const valueFor = (op: (typeof CONDITION_OPERATORS)[number]): fc.Arbitrary<unknown> => {
  switch (op) {
    case 'greater_than':
    case 'less_than': return fc.integer({ min: -3, max: 3 });
    case 'regex': return fc.constantFrom('^a', 'b$', '\\d', 'a|b', '^$');
    case 'in':
    case 'not_in':
    case 'contains_any': return fc.array(scalarArb, { maxLength: 3 });
    case 'exists': return fc.constantFrom(undefined, true, false);
    default: return scalarArb;
  }
};
const comparisonArb = fc
  .tuple(fieldArb, fc.constantFrom(...CONDITION_OPERATORS))
  .chain(([field, op]) => valueFor(op).map((value): Condition => (value === undefined ? { field, op } : { field, op, value: value as never })));
const { condition: conditionArb } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparisonArb,
    fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((all): Condition => ({ all })),
    fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((any): Condition => ({ any })),
    tie('condition').map((not): Condition => ({ not })),
  ),
}));
const leafArb = fc.oneof(scalarArb, fc.array(scalarArb, { maxLength: 3 }), fc.constant(undefined));
const requestArb = fc.record(
  {
    orgId: fc.constant('acme'),
    stage: fc.constant('input'),
    model: fc.constantFrom('a', 'b', 'high'),
    roles: fc.array(fc.constantFrom('a', 'b', 'admin'), { maxLength: 3 }),
    text: fc.string({ maxLength: 6 }),
    userId: fc.constantFrom('a', 'u'),
    tool: fc.record({ name: fc.constantFrom('a', 'b'), args: fc.record({ q: leafArb }, { requiredKeys: [] }) }),
    attributes: fc.record({ risk: leafArb, a: fc.oneof(fc.record({ b: leafArb }), leafArb) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['orgId', 'stage'] },
);

describe('laws', () => {
  it('generated conditions are valid policy conditions', () => {
    fc.assert(fc.property(conditionArb, (c) => ConditionSchema.safeParse(c).success), { numRuns: 200 });
  });

  it('not(c) is the negation of c on random requests', () => {
    fc.assert(
      fc.property(conditionArb, fc.array(requestArb, { minLength: 1, maxLength: 5 }), (c, requests) => {
        const positive = compileCondition(c, ['when']);
        const negative = compileCondition({ not: c }, ['when']);
        for (const r of requests) expect(negative(r as DecisionRequest)).toBe(!positive(r as DecisionRequest));
      }),
      { numRuns: 400 },
    );
  });

  it('each not_* operator is not() of its positive operator, missing fields included', () => {
    const pairs = [['not_equals', 'equals'], ['not_contains', 'contains'], ['not_in', 'in']] as const;
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fieldArb, fc.oneof(scalarArb, fc.array(scalarArb, { maxLength: 3 })), requestArb, ([neg, pos], field, value, r) => {
        const v = (pos === 'in') === Array.isArray(value) ? value : pos === 'in' ? [value] : 'a';
        const a = check({ field, op: neg, value: v as never }, r);
        const b = check({ not: { field, op: pos, value: v as never } }, r);
        expect(a).toBe(b);
      }),
      { numRuns: 400 },
    );
  });

  it('compiled conditions never throw and always return a boolean, whatever the request', () => {
    fc.assert(
      fc.property(conditionArb, fc.anything({ withNullPrototype: true, withObjectString: true }), (c, anything) => {
        const compiled = compileCondition(c, ['when']);
        expect(typeof compiled(anything as DecisionRequest)).toBe('boolean');
        expect(typeof compiled({ orgId: 'o', stage: 'input', attributes: anything, tool: { name: 't', args: anything } } as DecisionRequest)).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
