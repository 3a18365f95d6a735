import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secret, constantTimeEqual, isSecret } from '../../src/crypto/index.js';

describe('Secret', () => {
  const value = 'sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';

  it('shows [REDACTED] through toString, template literals, JSON and util.inspect', () => {
    const s = new Secret(value);
    expect(String(s)).toBe('[REDACTED]');
    expect(`${s}`).toBe('[REDACTED]');
    expect('' + s).toBe('[REDACTED]');
    expect(JSON.stringify({ s })).toBe('{"s":"[REDACTED]"}');
    expect(inspect(s)).toBe('[REDACTED]');
    expect(inspect({ nested: { s } }, { depth: 10, showHidden: true })).not.toContain(value);
    expect(Object.keys(s)).toEqual([]);
  });

  it('expose() returns the value, for strings and bytes', () => {
    expect(new Secret(value).expose()).toBe(value);
    const bytes = new Uint8Array([1, 2, 3, 250]);
    expect(new Secret(bytes).expose()).toEqual(bytes);
  });

  it('copies bytes in and out, so neither the caller nor a reader can change the secret', () => {
    const bytes = new Uint8Array([9, 9, 9]);
    const s = new Secret(bytes);
    bytes.fill(0);
    const out = s.expose();
    out.fill(1);
    expect(s.expose()).toEqual(new Uint8Array([9, 9, 9]));
  });

  it('util.inspect of a byte secret never shows the bytes', () => {
    const bytes = new Uint8Array(32).map((_, i) => i + 100);
    const text = inspect({ key: new Secret(bytes) }, { showHidden: true, depth: Infinity });
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain('100');
  });

  it('exposeBytes() gives UTF-8 for string secrets', () => {
    expect(new Secret('é').exposeBytes()).toEqual(new Uint8Array([0xc3, 0xa9]));
  });

  it('equals() compares with secrets, strings and bytes', () => {
    const s = new Secret(value);
    expect(s.equals(value)).toBe(true);
    expect(s.equals(new Secret(value))).toBe(true);
    expect(s.equals(value + 'x')).toBe(false);
    expect(s.equals(value.slice(0, -1))).toBe(false);
    expect(new Secret('abc').equals(new TextEncoder().encode('abc'))).toBe(true);
    expect(s.equals(42 as never)).toBe(false);
  });

  it('equals() agrees with === for any pair of strings (property)', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => new Secret(a).equals(b) === (a === b)));
  });

  it('constantTimeEqual agrees with byte equality for any pair of byte arrays (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) =>
        constantTimeEqual(a, b) === (a.length === b.length && a.every((x, i) => x === b[i]))),
    );
  });

  it('rejects values that are neither strings nor bytes', () => {
    expect(() => new Secret(42 as never)).toThrow(TypeError);
  });

  it('isSecret recognises secrets only', () => {
    expect(isSecret(new Secret('x'))).toBe(true);
    expect(isSecret({ expose: () => 'x' })).toBe(false);
  });
});
