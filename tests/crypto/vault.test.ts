import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CredentialDecryptError, EncryptionKeyError, EncryptionKeyMissingError, Secret, createCredentialVault, createCredentialVaultFromEnv,
  createKeyring, formatEnvelope, parseEncryptionKey, parseEnvelope, type CredentialBinding, type SealedEnvelope,
} from '../../src/crypto/index.js';

const rawKey = (): string => Buffer.from(randomBytes(32)).toString('base64');
const acme: CredentialBinding = { orgId: 'acme', credentialId: 'openai-prod' };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CredentialDecryptError || e instanceof EncryptionKeyMissingError) return e.code;
    throw e;
  }
  return 'no error';
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

function flipCharBit(text: string, bit: number): string {
  const i = (bit >> 3) % text.length;
  return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << (bit & 7))) + text.slice(i + 1);
}

describe('credential vault with a key', () => {
  const current = parseEncryptionKey(`key-a:${rawKey()}`);
  const vault = createCredentialVault({ keyring: createKeyring(current) });

  it('round-trips text and bytes', () => {
    const stored = vault.encrypt('sk-test-123', acme);
    expect(vault.decryptText(stored, acme).expose()).toBe('sk-test-123');
    const bytes = new Uint8Array([0, 255, 1, 254]);
    expect(vault.decrypt(vault.encrypt(bytes, acme), acme).expose()).toEqual(bytes);
    expect(vault.decryptText(vault.encrypt(new Secret('from a secret'), acme), acme).expose()).toBe('from a secret');
  });

  it('writes ghv1.<kid>.<nonce>.<ciphertext+tag> with a 12-byte nonce and a 16-byte tag', () => {
    const stored = vault.encrypt('abc', acme);
    expect(stored).toMatch(/^ghv1\.key-a\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    const env = parseEnvelope(stored) as SealedEnvelope;
    expect(env.nonce).toHaveLength(12);
    expect(env.ciphertext).toHaveLength(3 + 16);
    expect(formatEnvelope(env)).toBe(stored);
    expect(vault.mode).toBe('encrypted');
    expect(vault.currentKid).toBe('key-a');
  });

  it('uses a fresh nonce each time, so equal plaintexts give different envelopes', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => (parseEnvelope(vault.encrypt('same', acme)) as SealedEnvelope).nonce.join()));
    expect(nonces.size).toBe(200);
  });

  it('never contains the plaintext', () => {
    const secret = 'sk-live-' + 'q'.repeat(40);
    const stored = vault.encrypt(secret, acme);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(Buffer.from(secret).toString('base64url').slice(0, 20));
  });

  it('refuses an envelope copied to another org or another credential row', () => {
    const stored = vault.encrypt('sk-test-123', acme);
    expect(codeOf(() => vault.decrypt(stored, { orgId: 'globex', credentialId: 'openai-prod' }))).toBe('CREDENTIAL_TAMPERED');
    expect(codeOf(() => vault.decrypt(stored, { orgId: 'acme', credentialId: 'anthropic-prod' }))).toBe('CREDENTIAL_TAMPERED');
  });

  it('keeps ("a.b", "c") and ("a", "b.c") bindings apart', () => {
    const stored = vault.encrypt('x', { orgId: 'a.b', credentialId: 'c' });
    expect(codeOf(() => vault.decrypt(stored, { orgId: 'a', credentialId: 'b.c' }))).toBe('CREDENTIAL_TAMPERED');
  });

  it('reports malformed envelopes as CREDENTIAL_MALFORMED', () => {
    const stored = vault.encrypt('x', acme);
    for (const bad of ['', 'ghv1', 'ghv2' + stored.slice(4), stored + '.extra', stored.split('.').map((p, i) => (i === 2 ? 'AAAA' : p)).join('.'), stored.slice(0, stored.lastIndexOf('.') + 5), 'ghv1.bad kid.AAAAAAAAAAAAAAAA.' + 'A'.repeat(22)]) {
      expect(codeOf(() => vault.decrypt(bad, acme))).toBe('CREDENTIAL_MALFORMED');
    }
  });

  it('reports an envelope made with an unloaded key as CREDENTIAL_KEY_UNKNOWN, naming the loaded ids', () => {
    const other = createCredentialVault({ keyring: createKeyring(parseEncryptionKey(`key-z:${rawKey()}`)) });
    const stored = other.encrypt('x', acme);
    expect(() => vault.decrypt(stored, acme)).toThrow(/key id "key-z".*loaded: key-a/);
    expect(codeOf(() => vault.decrypt(stored, acme))).toBe('CREDENTIAL_KEY_UNKNOWN');
  });

  it('a key id swapped for another loaded id fails, even when both ids name the same key bytes', () => {
    const text = rawKey();
    const ring = createKeyring(parseEncryptionKey(`key-a:${text}`), [parseEncryptionKey(`key-c:${text}`)]);
    const twin = createCredentialVault({ keyring: ring });
    const env = parseEnvelope(twin.encrypt('x', acme)) as SealedEnvelope;
    expect(codeOf(() => twin.decrypt({ ...env, kid: 'key-c' }, acme))).toBe('CREDENTIAL_TAMPERED');
  });

  it('rejects bad bindings with a type error', () => {
    expect(() => vault.encrypt('x', { orgId: '', credentialId: 'c' })).toThrow(/binding.orgId/);
    expect(() => vault.decrypt(vault.encrypt('x', acme), { orgId: 'acme' } as never)).toThrow(/binding.credentialId/);
  });

  it('rejects undecodable UTF-8 in decryptText but returns the bytes through decrypt', () => {
    const stored = vault.encrypt(new Uint8Array([0xff, 0xfe]), acme);
    expect(codeOf(() => vault.decryptText(stored, acme))).toBe('CREDENTIAL_MALFORMED');
    expect(vault.decrypt(stored, acme).expose()).toEqual(new Uint8Array([0xff, 0xfe]));
  });
});

describe('vault properties', () => {
  const ring = createKeyring(parseEncryptionKey(`key-a:${rawKey()}`), [parseEncryptionKey(`key-c:${rawKey()}`)]);
  const vault = createCredentialVault({ keyring: ring });
  const binding = fc.record({ orgId: fc.string({ minLength: 1, maxLength: 20 }), credentialId: fc.string({ minLength: 1, maxLength: 20 }) });

  it('decrypt(encrypt(x)) = x for any bytes and binding', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), binding, (bytes, b) => {
      expect(vault.decrypt(vault.encrypt(bytes, b), b).expose()).toEqual(bytes);
    }));
  });

  it('any single-bit flip in the nonce fails authentication', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(12 * 8 - 1), (bytes, bit) => {
      const env = parseEnvelope(vault.encrypt(bytes, acme)) as SealedEnvelope;
      expect(codeOf(() => vault.decrypt({ ...env, nonce: flipBit(env.nonce, bit) }, acme))).toBe('CREDENTIAL_TAMPERED');
    }));
  });

  it('any single-bit flip in the ciphertext or the tag fails authentication', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), (bytes, n) => {
      const env = parseEnvelope(vault.encrypt(bytes, acme)) as SealedEnvelope;
      const bit = n % (env.ciphertext.length * 8);
      expect(codeOf(() => vault.decrypt({ ...env, ciphertext: flipBit(env.ciphertext, bit) }, acme))).toBe('CREDENTIAL_TAMPERED');
    }));
  });

  it('any single-bit flip in the key id fails (tampered when the new id is loaded)', () => {
    fc.assert(fc.property(fc.nat(5 * 8 - 1), (bit) => {
      const env = parseEnvelope(vault.encrypt('secret', acme)) as SealedEnvelope;
      const kid = flipCharBit(env.kid, bit);
      const code = codeOf(() => vault.decrypt({ ...env, kid }, acme));
      const expected = !/^[A-Za-z0-9_-]{1,32}$/.test(kid) ? 'CREDENTIAL_MALFORMED' : ring.get(kid) ? 'CREDENTIAL_TAMPERED' : 'CREDENTIAL_KEY_UNKNOWN';
      expect(code).toBe(expected);
    }));
    // key-a and key-c differ in one bit (0x61 ^ 0x63), so the loaded case is exercised.
    const env = parseEnvelope(vault.encrypt('secret', acme)) as SealedEnvelope;
    expect(codeOf(() => vault.decrypt({ ...env, kid: flipCharBit(env.kid, 4 * 8 + 1) }, acme))).toBe('CREDENTIAL_TAMPERED');
  });

  it('any single-bit flip in the associated data (org id or credential id) fails authentication', () => {
    fc.assert(fc.property(binding, fc.nat(), fc.boolean(), (b, n, inOrg) => {
      const stored = vault.encrypt('secret', b);
      const field = inOrg ? 'orgId' : 'credentialId';
      const value = b[field];
      const changed = flipCharBit(value, n % (value.length * 8));
      fc.pre(changed !== value);
      expect(codeOf(() => vault.decrypt(stored, { ...b, [field]: changed }))).toBe('CREDENTIAL_TAMPERED');
    }));
  });

  it('any single-bit flip anywhere in the envelope string is rejected', () => {
    fc.assert(fc.property(fc.nat(), (n) => {
      const stored = vault.encrypt('sk-test-123', acme);
      const changed = flipCharBit(stored, n % (stored.length * 8));
      fc.pre(changed !== stored);
      expect(() => vault.decrypt(changed, acme)).toThrow(CredentialDecryptError);
    }));
  });
});

describe('rotation', () => {
  const oldKey = parseEncryptionKey(`old:${rawKey()}`);
  const newKey = parseEncryptionKey(`new:${rawKey()}`);
  const before = createCredentialVault({ keyring: createKeyring(oldKey) });
  const after = createCredentialVault({ keyring: createKeyring(newKey, [oldKey]) });

  it('decrypts envelopes of a previous key and re-encrypts them under the current one', () => {
    const stored = before.encrypt('sk-rotate-me', acme);
    expect(after.needsRotation(stored)).toBe(true);
    const rotated = after.rotate(stored, acme);
    expect(parseEnvelope(rotated)).toMatchObject({ kid: 'new' });
    expect(after.needsRotation(rotated)).toBe(false);
    expect(after.decryptText(rotated, acme).expose()).toBe('sk-rotate-me');
    // Once the old key is dropped, only the rotated envelope still opens.
    const newOnly = createCredentialVault({ keyring: createKeyring(newKey) });
    expect(newOnly.decryptText(rotated, acme).expose()).toBe('sk-rotate-me');
    expect(codeOf(() => newOnly.decrypt(stored, acme))).toBe('CREDENTIAL_KEY_UNKNOWN');
  });

  it('rotation keeps the binding: a rotated envelope still fails under another org', () => {
    const rotated = after.rotate(before.encrypt('x', acme), acme);
    expect(codeOf(() => after.decrypt(rotated, { ...acme, orgId: 'globex' }))).toBe('CREDENTIAL_TAMPERED');
  });

  it('rotating an envelope already on the current key re-encrypts it with a new nonce', () => {
    const stored = after.encrypt('x', acme);
    const rotated = after.rotate(stored, acme);
    expect(rotated).not.toBe(stored);
    expect(after.decryptText(rotated, acme).expose()).toBe('x');
  });
});

describe('no key configured', () => {
  it('production refuses to store a credential', () => {
    const vault = createCredentialVault({ nodeEnv: 'production', allowPlaintextInDevelopment: true });
    expect(vault.mode).toBe('disabled');
    expect(() => vault.encrypt('sk', acme)).toThrow(EncryptionKeyMissingError);
    expect(() => vault.encrypt('sk', acme)).toThrow(/NODE_ENV is production/);
  });

  it('development refuses too, unless plaintext is explicitly allowed', () => {
    const vault = createCredentialVault({ nodeEnv: 'development' });
    expect(codeOf(() => vault.encrypt('sk', acme))).toBe('ENCRYPTION_KEY_MISSING');
  });

  it('an unset NODE_ENV is not development: plaintext stays refused', () => {
    const vault = createCredentialVaultFromEnv({ env: {}, allowPlaintextInDevelopment: true });
    expect(codeOf(() => vault.encrypt('sk', acme))).toBe('ENCRYPTION_KEY_MISSING');
  });

  it('development with allowPlaintextInDevelopment stores plaintext and warns exactly once', () => {
    const warnings: string[] = [];
    const vault = createCredentialVault({ nodeEnv: 'development', allowPlaintextInDevelopment: true, logger: { warn: (m) => warnings.push(m) } });
    expect(vault.mode).toBe('plaintext');
    const a = vault.encrypt('sk-dev-1', acme);
    const b = vault.encrypt('sk-dev-2', acme);
    expect(a.startsWith('ghplain.')).toBe(true);
    expect(vault.decryptText(b, acme).expose()).toBe('sk-dev-2');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/UNENCRYPTED/);
    expect(warnings[0]).not.toContain('sk-dev');
  });

  it('a production vault refuses plaintext envelopes it finds', () => {
    const dev = createCredentialVault({ nodeEnv: 'development', allowPlaintextInDevelopment: true, logger: { warn: () => undefined } });
    const stored = dev.encrypt('sk-dev', acme);
    const prod = createCredentialVault({ nodeEnv: 'production', keyring: createKeyring(parseEncryptionKey(rawKey())) });
    expect(codeOf(() => prod.decrypt(stored, acme))).toBe('CREDENTIAL_PLAINTEXT_REFUSED');
    expect(prod.needsRotation(stored)).toBe(true);
  });

  it('once a key is configured in development, rotate() moves plaintext envelopes onto it', () => {
    const dev = createCredentialVault({ nodeEnv: 'development', allowPlaintextInDevelopment: true, logger: { warn: () => undefined } });
    const stored = dev.encrypt('sk-dev', acme);
    const keyed = createCredentialVault({ nodeEnv: 'development', allowPlaintextInDevelopment: true, keyring: createKeyring(parseEncryptionKey(`k:${rawKey()}`)) });
    expect(keyed.mode).toBe('encrypted');
    const rotated = keyed.rotate(stored, acme);
    expect(rotated.startsWith('ghv1.k.')).toBe(true);
    expect(keyed.decryptText(rotated, acme).expose()).toBe('sk-dev');
  });

  it('createCredentialVaultFromEnv fails at startup on a bad key, and encrypts with a good one', () => {
    expect(() => createCredentialVaultFromEnv({ env: { CONNECTOR_ENCRYPTION_KEY: 'abcd', NODE_ENV: 'production' } })).toThrow(EncryptionKeyError);
    const vault = createCredentialVaultFromEnv({ env: { CONNECTOR_ENCRYPTION_KEY: rawKey(), NODE_ENV: 'production' } });
    expect(vault.decryptText(vault.encrypt('ok', acme), acme).expose()).toBe('ok');
  });
});

describe('envelope objects', () => {
  const vault = createCredentialVault({ keyring: createKeyring(parseEncryptionKey(`k:${rawKey()}`)) });

  it('are checked like strings: wrong nonce or tag lengths are malformed, not a crash', () => {
    const env = parseEnvelope(vault.encrypt('x', acme)) as SealedEnvelope;
    expect(codeOf(() => vault.decrypt({ ...env, nonce: env.nonce.subarray(0, 11) }, acme))).toBe('CREDENTIAL_MALFORMED');
    expect(codeOf(() => vault.decrypt({ ...env, ciphertext: env.ciphertext.subarray(0, 15) }, acme))).toBe('CREDENTIAL_MALFORMED');
    expect(codeOf(() => vault.decrypt({ ...env, kid: 'a.b' }, acme))).toBe('CREDENTIAL_MALFORMED');
    expect(codeOf(() => vault.decrypt({ ...env, nonce: 'AAAA' as never }, acme))).toBe('CREDENTIAL_MALFORMED');
    expect(codeOf(() => vault.decrypt({ ...env, version: 'ghv9' as never }, acme))).toBe('CREDENTIAL_MALFORMED');
    expect(vault.decryptText(env, acme).expose()).toBe('x');
  });
});
