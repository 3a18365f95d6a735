import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileUserRegex } from '../../src/pdp/conditions/compile-user-regex.js';
import type { ConfigIssue } from '../../src/errors.js';

const compile = (source: string, flags = 'gi') => {
  const issues: ConfigIssue[] = [];
  const re = compileUserRegex(source, flags, ['p'], issues);
  return { re, issues };
};

describe('compileUserRegex', () => {
  it('validates under the u flag: a u-only syntax error is a config issue', () => {
    expect(compile(String.raw`\-x`).issues).toHaveLength(1);
    expect(compile(String.raw`\p{L}+`).re!.flags).toContain('u');
  });

  it('plain ASCII patterns run without u (fast path); . and negated classes keep u', () => {
    expect(compile(String.raw`\bcvv\s*(?<value>\d{3})`).re!.flags).not.toContain('u');
    expect(compile('a.b').re!.flags).toContain('u');
    expect(compile('[^a]').re!.flags).toContain('u');
    expect(compile(String.raw`\u{1F600}`).re!.flags).toContain('u');
    expect(compile('café').re!.flags).toContain('u');
    // . matches a whole astral code point, not half of it.
    expect('x😀y'.match(compile('x.y').re!)?.[0]).toBe('x😀y');
  });

  it('the fast path finds exactly what the u-compiled pattern finds on ASCII-pattern inputs', () => {
    const sources = [String.raw`\bproject\s+(?:falcon|orion)\b`, String.raw`\b(?:mrn|member\s+id)\s*[:#]?\s*(?<value>[A-Z0-9-]{4,})`, String.raw`PRJ-\d{4}`];
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(fc.oneof(fc.constantFrom('Project ', 'falcon', 'ORION', 'mrn: ', 'Member ID ', 'prj-1234', 'A12-99', ' ', 'é', '_', '😀'), fc.string()), { maxLength: 12 }), (source, parts) => {
        const text = parts.join('');
        const fast = compile(source).re!;
        const slow = new RegExp(source, 'giu');
        expect(fast.flags).not.toContain('u');
        expect([...text.matchAll(fast)].map((m) => [m.index, m[0]])).toEqual([...text.matchAll(slow)].map((m) => [m.index, m[0]]));
      }),
      { numRuns: 500 },
    );
  });
});
