import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../src/errors.js';
import {
  InvalidRedactionSecretError, ORG_KEY_CACHE_SIZE, deriveOrgKeys, parseRedactionSecret, randomRedactionSecret,
} from '../../src/pdp/redaction/index.js';

const master = Uint8Array.from({ length: 32 }, (_, i) => i);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('deriveOrgKeys', () => {
  it('derives each key as HMAC-SHA256(master, label NUL orgId) with distinct labels', () => {
    const keys = deriveOrgKeys(master, 'acme');
    const expected = (label: string) => createHmac('sha256', master).update(`gatehouse/redaction/v1/${label}\u0000acme`).digest('hex');
    expect(hex(keys.hashKey)).toBe(expected('hash'));
    expect(hex(keys.fpeKey)).toBe(expected('fpe'));
    expect(keys.hashKey).toHaveLength(32);
    expect(keys.fpeKey).toHaveLength(32);
    expect(hex(keys.hashKey)).not.toBe(hex(keys.fpeKey));
  });

  it('gives different orgs and different masters different keys', () => {
    const other = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    const a = deriveOrgKeys(master, 'acme');
    expect(hex(deriveOrgKeys(master, 'globex').hashKey)).not.toBe(hex(a.hashKey));
    expect(hex(deriveOrgKeys(other, 'acme').hashKey)).not.toBe(hex(a.hashKey));
    expect(hex(deriveOrgKeys(master, '').hashKey)).not.toBe(hex(a.hashKey));
  });

  it('returns the cached keys for a repeated org, and keeps at most ORG_KEY_CACHE_SIZE orgs per master', () => {
    const m = randomRedactionSecret();
    const first = deriveOrgKeys(m, 'org-0');
    expect(deriveOrgKeys(m, 'org-0')).toBe(first);
    for (let i = 1; i <= ORG_KEY_CACHE_SIZE; i++) deriveOrgKeys(m, `org-${i}`);
    const again = deriveOrgKeys(m, 'org-0');
    expect(again).not.toBe(first); // evicted, so derived afresh…
    expect(hex(again.hashKey)).toBe(hex(first.hashKey)); // …to the same bytes
  });

  it('refuses a short or non-byte master and a non-string org id', () => {
    expect(thrown(() => deriveOrgKeys(new Uint8Array(31), 'acme'))).toBeInstanceOf(InvalidRedactionSecretError);
    expect(thrown(() => deriveOrgKeys('secret' as never, 'acme'))).toBeInstanceOf(InvalidRedactionSecretError);
    const e = thrown(() => deriveOrgKeys(master, 42 as never));
    expect(e).toBeInstanceOf(GatehouseError);
    expect((e as GatehouseError).code).toBe('INVALID_ARGUMENT_TYPE');
  });
});

describe('parseRedactionSecret', () => {
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);

  it('reads hex, base64 and base64url, padded or not, ignoring surrounding whitespace', () => {
    const b64 = Buffer.from(bytes).toString('base64');
    const b64url = Buffer.from(bytes).toString('base64url');
    expect(hex(parseRedactionSecret(hex(bytes)))).toBe(hex(bytes));
    expect(hex(parseRedactionSecret(hex(bytes).toUpperCase()))).toBe(hex(bytes));
    expect(hex(parseRedactionSecret(b64))).toBe(hex(bytes));
    expect(hex(parseRedactionSecret(b64.replace(/=+$/, '')))).toBe(hex(bytes));
    expect(hex(parseRedactionSecret(b64url))).toBe(hex(bytes));
    expect(hex(parseRedactionSecret(`  ${b64}\n`))).toBe(hex(bytes));
  });

  it('returns a copy of a byte secret', () => {
    const parsed = parseRedactionSecret(bytes);
    expect(hex(parsed)).toBe(hex(bytes));
    expect(parsed).not.toBe(bytes);
  });

  it('refuses secrets shorter than 32 bytes, saying how long they are and what is needed', () => {
    const short = 'c2hvcnQtc2VjcmV0LXZhbHVl'; // 18 bytes of base64
    const e = thrown(() => parseRedactionSecret(short)) as InvalidRedactionSecretError;
    expect(e).toBeInstanceOf(InvalidRedactionSecretError);
    expect(e.code).toBe('INVALID_REDACTION_SECRET');
    expect(e.message).toMatch(/18 bytes.*at least 32/);
    expect(e.message).not.toContain(short);
    expect(thrown(() => parseRedactionSecret('ab'.repeat(31)))).toBeInstanceOf(InvalidRedactionSecretError);
    expect(thrown(() => parseRedactionSecret(new Uint8Array(16)))).toBeInstanceOf(InvalidRedactionSecretError);
  });

  it('refuses strings that are neither base64 nor hex without echoing them', () => {
    for (const bad of ['correct horse battery staple, correct horse battery staple', 'abc!defghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ', 'a+b_'.repeat(12), '']) {
      const e = thrown(() => parseRedactionSecret(bad)) as InvalidRedactionSecretError;
      expect(e).toBeInstanceOf(InvalidRedactionSecretError);
      if (bad.length > 0) expect(e.message).not.toContain(bad.slice(0, 8));
    }
  });

  it('refuses other types', () => {
    expect(thrown(() => parseRedactionSecret(12345 as never))).toBeInstanceOf(InvalidRedactionSecretError);
    expect(thrown(() => parseRedactionSecret(null as never))).toBeInstanceOf(InvalidRedactionSecretError);
  });
});

describe('randomRedactionSecret', () => {
  it('returns 32 fresh random bytes that parseRedactionSecret accepts', () => {
    const a = randomRedactionSecret();
    const b = randomRedactionSecret();
    expect(a).toBeInstanceOf(Uint8Array);
    expect(a).toHaveLength(32);
    expect(hex(a)).not.toBe(hex(b));
    expect(hex(parseRedactionSecret(Buffer.from(a).toString('base64')))).toBe(hex(a));
  });
});
