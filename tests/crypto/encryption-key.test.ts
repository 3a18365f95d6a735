import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EncryptionKeyError, createKeyring, deriveKeyId, envSecretSource, keyringFromValues, loadKeyring, loadKeyringFromEnv, parseEncryptionKey,
} from '../../src/crypto/index.js';

const key = new Uint8Array(randomBytes(32));
const b64 = Buffer.from(key).toString('base64');
const b64url = Buffer.from(key).toString('base64url');
const hexKey = Buffer.from(key).toString('hex');

function problemOf(fn: () => unknown): { problem: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EncryptionKeyError);
    const err = e as EncryptionKeyError;
    expect(err.code).toBe('ENCRYPTION_KEY_INVALID');
    return { problem: err.problem, message: err.message };
  }
  throw new Error('expected an EncryptionKeyError');
}

describe('parseEncryptionKey', () => {
  it.each([
    ['hex', hexKey],
    ['upper-case hex', hexKey.toUpperCase()],
    ['padded base64', b64],
    ['unpadded base64', b64.replace(/=+$/, '')],
    ['base64url', b64url],
    ['base64 with a trailing newline', b64 + '\n'],
  ])('accepts a 32-byte key as %s and derives the same key id', (_name, text) => {
    const parsed = parseEncryptionKey(text);
    expect(parsed.key.expose()).toEqual(key);
    expect(parsed.kid).toBe(deriveKeyId(key));
    expect(parsed.kid).toMatch(/^[0-9a-f]{8}$/);
  });

  it('takes an explicit key id from kid:key', () => {
    const parsed = parseEncryptionKey(`2025-06:${b64}`);
    expect(parsed.kid).toBe('2025-06');
    expect(parsed.key.expose()).toEqual(key);
  });

  it('derives different ids for different keys, and the same id for the same key', () => {
    expect(deriveKeyId(key)).toBe(deriveKeyId(Uint8Array.from(key)));
    expect(deriveKeyId(new Uint8Array(32))).not.toBe(deriveKeyId(key));
  });

  it('reports a key of the wrong length with its decoded size, naming the variable', () => {
    const short = problemOf(() => parseEncryptionKey(Buffer.from(randomBytes(16)).toString('base64'), 'CONNECTOR_ENCRYPTION_KEY'));
    expect(short.problem).toBe('wrong_length');
    expect(short.message).toMatch(/^CONNECTOR_ENCRYPTION_KEY: .*16 bytes.*exactly 32/);
    expect(problemOf(() => parseEncryptionKey(Buffer.from(randomBytes(33)).toString('hex'))).problem).toBe('wrong_length');
    expect(problemOf(() => parseEncryptionKey(hexKey.slice(0, 62))).message).toMatch(/as hex\) to 31 bytes/);
  });

  it('reports a key that is neither hex nor base64 as not decodable', () => {
    expect(problemOf(() => parseEncryptionKey('this is not a key!!')).problem).toBe('not_decodable');
    expect(problemOf(() => parseEncryptionKey(b64.slice(0, 10) + '*' + b64.slice(11))).problem).toBe('not_decodable');
  });

  it('reports an empty key and a bad key id', () => {
    expect(problemOf(() => parseEncryptionKey('  \n')).problem).toBe('empty');
    expect(problemOf(() => parseEncryptionKey(`bad.kid:${b64}`)).problem).toBe('bad_key_id');
    expect(problemOf(() => parseEncryptionKey('k1:')).problem).toBe('empty');
  });

  it('never echoes the key in an error message', () => {
    const bad = Buffer.from(randomBytes(31)).toString('base64');
    const { message } = problemOf(() => parseEncryptionKey(bad));
    expect(message).not.toContain(bad);
    expect(message).not.toContain(bad.slice(0, 12));
  });
});

describe('keyrings', () => {
  const k1 = parseEncryptionKey(`k1:${b64}`);
  const k2 = parseEncryptionKey(`k2:${Buffer.from(randomBytes(32)).toString('hex')}`);

  it('holds a current key and older keys, looked up by id', () => {
    const ring = createKeyring(k1, [k2]);
    expect(ring.current.kid).toBe('k1');
    expect(ring.kids).toEqual(['k1', 'k2']);
    expect(ring.get('k2')).toBe(k2);
    expect(ring.get('k3')).toBeUndefined();
  });

  it('refuses two keys with one id', () => {
    expect(problemOf(() => createKeyring(k1, [parseEncryptionKey(`k1:${hexKey}`)])).problem).toBe('duplicate_key_id');
  });

  it('loads CONNECTOR_ENCRYPTION_KEY and a list of previous keys from the environment', () => {
    const old1 = Buffer.from(randomBytes(32)).toString('base64');
    const old2 = Buffer.from(randomBytes(32)).toString('hex');
    const ring = loadKeyringFromEnv({ CONNECTOR_ENCRYPTION_KEY: b64, CONNECTOR_ENCRYPTION_KEY_PREVIOUS: `${old1}, old:${old2}` })!;
    expect(ring.current.kid).toBe(deriveKeyId(key));
    expect(ring.kids).toHaveLength(3);
    expect(ring.kids).toContain('old');
  });

  it('is undefined when no key is configured, and an error when only previous keys are', () => {
    expect(loadKeyringFromEnv({})).toBeUndefined();
    expect(problemOf(() => loadKeyringFromEnv({ CONNECTOR_ENCRYPTION_KEY_PREVIOUS: b64 })).problem).toBe('empty');
  });

  it('names which previous key is bad', () => {
    const { message } = problemOf(() => keyringFromValues(b64, `${hexKey.replace(/^../, 'ff')} short`));
    expect(message).toMatch(/CONNECTOR_ENCRYPTION_KEY_PREVIOUS \(key 2 of 2\)/);
  });

  it('loads from any secret source', async () => {
    const ring = await loadKeyring(envSecretSource({ env: { CONNECTOR_ENCRYPTION_KEY: `main:${b64url}` } }));
    expect(ring?.current.kid).toBe('main');
    expect(ring?.current.key.expose()).toEqual(key);
  });
});
