import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CyclicValueError, InvalidJsonLeafError, MAX_JSON_DEPTH, MAX_VALUE_DEPTH, ValueTooDeepError,
  jsonLeaves, mapStringLeaves, replaceJsonLeaves, stringLeaves, type JsonLeaf,
} from '../../src/pdp/redaction/index.js';

describe('jsonLeaves', () => {
  it('lists string and number values with their paths, keys and raw offsets', () => {
    const text = '{"user":{"cards":["4111 1111 1111 1111"],"age":41,"ok":true,"none":null}}';
    const leaves = jsonLeaves(text)!;
    const cardAt = text.indexOf('"4111');
    const ageAt = text.indexOf('41,');
    expect(leaves).toEqual([
      { path: '$.user.cards[0]', key: 'cards', value: '4111 1111 1111 1111', kind: 'string', rawStart: cardAt, rawEnd: cardAt + 21 },
      { path: '$.user.age', key: 'age', value: '41', kind: 'number', rawStart: ageAt, rawEnd: ageAt + 2 },
    ]);
  });

  it('decodes escapes in values and keys, and names awkward keys in brackets', () => {
    const text = '[ {"first name": "Ana \\"A\\" \\u00e9\\n", "a.b": [1.5e3, -0]}, "x" ]';
    const leaves = jsonLeaves(text)!;
    expect(leaves.map(({ path, key, value, kind }) => ({ path, key, value, kind }))).toEqual([
      { path: '$[0]["first name"]', key: 'first name', value: 'Ana "A" é\n', kind: 'string' },
      { path: '$[0]["a.b"][0]', key: 'a.b', value: '1.5e3', kind: 'number' },
      { path: '$[0]["a.b"][1]', key: 'a.b', value: '-0', kind: 'number' },
      { path: '$[1]', key: null, value: 'x', kind: 'string' },
    ]);
    for (const leaf of leaves) expect(JSON.parse(text.slice(leaf.rawStart, leaf.rawEnd))).toEqual(leaf.kind === 'string' ? leaf.value : Number(leaf.value));
  });

  it('keeps big numbers as written, and reports both members of a duplicated key', () => {
    const leaves = jsonLeaves('{"id": 123456789012345678901234567890, "id": "again"}')!;
    expect(leaves.map((l) => l.value)).toEqual(['123456789012345678901234567890', 'again']);
  });

  it('accepts surrounding whitespace and empty containers', () => {
    expect(jsonLeaves(' \n\t{}\r\n ')).toEqual([]);
    expect(jsonLeaves('[[], {}, [{}]]')).toEqual([]);
  });

  it.each([
    'card 4111 1111 1111 1111', '', '   ', '42', '"just a string"', 'true', 'null',
    '{"a":1} trailing', '{"a":1,}', '[1,]', '[,1]', "{'a':1}", '{"a" 1}', '{a:1}', '{"a":1', '["unterminated]',
    '["tab\there"]', '["bad \\x escape"]', '["\\u12G4"]', '[01]', '[1.]', '[.5]', '[-]', '[1e]', '[+1]', '[NaN]',
    '[tru]', '{"a":1}{"b":2}', '[1] [2]', '/* c */ [1]', '[1 2]', '{"a":1 "b":2}',
  ])('returns null for %j', (text) => {
    expect(jsonLeaves(text)).toBeNull();
  });

  it(`accepts nesting up to ${MAX_JSON_DEPTH} and returns null beyond, without deep recursion`, () => {
    const nest = (d: number) => `${'['.repeat(d)}"x"${']'.repeat(d)}`;
    expect(jsonLeaves(nest(MAX_JSON_DEPTH))).toHaveLength(1);
    expect(jsonLeaves(nest(MAX_JSON_DEPTH + 1))).toBeNull();
    expect(jsonLeaves(nest(200_000))).toBeNull();
  });

  it('finds exactly the string leaves of any JSON value, in order (fc.jsonValue)', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      const leaves = jsonLeaves(text);
      if (value === null || typeof value !== 'object') {
        expect(leaves).toBeNull();
        return;
      }
      expect(leaves).not.toBeNull();
      const strings = leaves!.filter((l) => l.kind === 'string').map(({ path, key, value: v }) => ({ path, key, value: v }));
      expect(strings).toEqual(stringLeaves(value));
      const all = leaves!.map(({ path, key, value: v }) => ({ path, key, value: v }));
      expect(all).toEqual(stringLeaves(value, { includeNumbers: true }));
    }), { numRuns: 500 });
  });
});

describe('replaceJsonLeaves', () => {
  it('rewrites only the chosen leaves and keeps every other byte', () => {
    const text = '{\n  "card" : "4111 1111 1111 1111",\n  "n": 12345678901234567890,\n  "e": "a\\u0041"\n}';
    const [card, n, e] = jsonLeaves(text)!;
    expect(replaceJsonLeaves(text, new Map([[card!, '**** **** **** 1111']])))
      .toBe('{\n  "card" : "**** **** **** 1111",\n  "n": 12345678901234567890,\n  "e": "a\\u0041"\n}');
    // An unchanged value keeps its raw form (the \u0041 escape) exactly.
    expect(replaceJsonLeaves(text, new Map([[e!, 'aA'], [n!, '12345678901234567890']]))).toBe(text);
  });

  it('writes new values as JSON string literals, so quotes, newlines and lone surrogates stay valid', () => {
    const text = '["x"]';
    const [leaf] = jsonLeaves(text)!;
    const value = 'say "hi"\n\\ \ud800 </script>';
    const out = replaceJsonLeaves(text, new Map([[leaf!, value]]));
    expect(JSON.parse(out)).toEqual([value]);
  });

  it('keeps a number leaf a number when its new value is a number literal, and makes it a string otherwise', () => {
    const text = '{"card": 4111111111111111, "pin": 1234}';
    const [card, pin] = jsonLeaves(text)!;
    expect(replaceJsonLeaves(text, new Map([[card!, '4539148803436467'], [pin!, '[REDACTED:text_rule]']])))
      .toBe('{"card": 4539148803436467, "pin": "[REDACTED:text_rule]"}');
    expect(replaceJsonLeaves(text, new Map([[card!, '0123']]))).toBe('{"card": "0123", "pin": 1234}');
  });

  it('refuses leaves that do not belong to the text, and overlapping leaves', () => {
    const [foreign] = jsonLeaves('{"a": "x"}')!;
    expect(() => replaceJsonLeaves('[1, 2, 3, 4, 5]', new Map([[foreign!, 'y']]))).toThrow(InvalidJsonLeafError);
    const text = '["abc", "def"]';
    const [first] = jsonLeaves(text)!;
    const overlapping: JsonLeaf = { ...first!, rawStart: first!.rawStart, rawEnd: first!.rawEnd };
    expect(() => replaceJsonLeaves(text, new Map([[first!, 'p'], [overlapping, 'q']]))).toThrow(InvalidJsonLeafError);
    expect(() => replaceJsonLeaves(text, new Map([[first!, 5 as never]]))).toThrow(/must be a string/);
  });

  it('always produces valid JSON equal to the expected structure (fc.jsonValue)', () => {
    const container = fc.jsonValue({ maxDepth: 4 }).filter((v) => v !== null && typeof v === 'object');
    fc.assert(fc.property(container, fc.constantFrom(undefined, 1, '  '), fc.array(fc.option(fc.string({ unit: 'binary', maxLength: 12 })), { minLength: 1, maxLength: 40 }), (value, indent, choices) => {
      const text = JSON.stringify(value, null, indent);
      const leaves = jsonLeaves(text)!;
      const byPath = new Map<string, string>();
      const edits = new Map<JsonLeaf, string>();
      for (const [i, leaf] of leaves.entries()) {
        const choice = choices[i % choices.length]!;
        if (leaf.kind === 'string' && choice !== null) {
          edits.set(leaf, choice);
          byPath.set(leaf.path, choice);
        }
      }
      const out = replaceJsonLeaves(text, edits);
      const expected = mapStringLeaves(value, (leaf) => byPath.get(leaf.path) ?? leaf.value);
      expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(expected)));
    }), { numRuns: 300 });
  });
});

describe('stringLeaves and mapStringLeaves', () => {
  const args = { query: 'SELECT 1', to: ['ana@example.com', { cc: 'bob@example.com' }], limit: 5, 'odd key': 'x' };

  it('lists string leaves in JSON.stringify order with paths and keys', () => {
    expect(stringLeaves(args)).toEqual([
      { path: '$.query', key: 'query', value: 'SELECT 1' },
      { path: '$.to[0]', key: 'to', value: 'ana@example.com' },
      { path: '$.to[1].cc', key: 'cc', value: 'bob@example.com' },
      { path: '$["odd key"]', key: 'odd key', value: 'x' },
    ]);
    expect(stringLeaves('top')).toEqual([{ path: '$', key: null, value: 'top' }]);
    expect(stringLeaves(args, { includeNumbers: true }).map((l) => l.path)).toContain('$.limit');
  });

  it('returns a deep copy with the strings mapped, leaving the input alone', () => {
    const copy = mapStringLeaves(args, (leaf) => leaf.value.toUpperCase()) as typeof args;
    expect(copy).toEqual({ query: 'SELECT 1', to: ['ANA@EXAMPLE.COM', { cc: 'BOB@EXAMPLE.COM' }], limit: 5, 'odd key': 'X' });
    expect(args.to[0]).toBe('ana@example.com');
    expect(copy.to).not.toBe(args.to);
  });

  it('keeps numbers unless the function changes their text', () => {
    const out = mapStringLeaves({ a: 4111111111111111, b: 7 }, (leaf) => (leaf.key === 'a' ? '[REDACTED:credit_card]' : leaf.value), { includeNumbers: true });
    expect(out).toEqual({ a: '[REDACTED:credit_card]', b: 7 });
  });

  it('passes non-JSON objects through and copies shared references twice', () => {
    const when = new Date(0);
    const shared = { s: 'v' };
    const out = mapStringLeaves({ when, x: shared, y: shared }, (l) => `${l.value}!`) as Record<string, unknown>;
    expect(out.when).toBe(when);
    expect(out.x).toEqual({ s: 'v!' });
    expect(out.y).toEqual({ s: 'v!' });
  });

  it('keeps a "__proto__" member an own property', () => {
    const parsed = JSON.parse('{"__proto__": {"p": "secret"}}') as unknown;
    const out = mapStringLeaves(parsed, () => 'gone') as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"p":"gone"}}');
  });

  it('throws CyclicValueError on a cycle and ValueTooDeepError past the depth limit', () => {
    const a: Record<string, unknown> = { list: [] };
    (a.list as unknown[]).push(a);
    expect(() => stringLeaves(a)).toThrow(CyclicValueError);
    expect(() => stringLeaves(a)).toThrow(/\$\.list\[0\]/);
    let deep: unknown = 'x';
    for (let i = 0; i < MAX_VALUE_DEPTH + 1; i++) deep = [deep];
    expect(() => stringLeaves(deep)).toThrow(ValueTooDeepError);
  });

  it('refuses a mapping function that returns something other than a string', () => {
    expect(() => mapStringLeaves({ a: 'x' }, () => 5 as never)).toThrow(/must return a string/);
  });
});
