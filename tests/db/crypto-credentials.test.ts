/**
 * Provider credentials in the database (src/crypto/stores): vault envelopes in the
 * RLS-protected credentials table, bound to their org id and credential id.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CredentialDecryptError, EncryptionKeyMissingError, InvalidIdentifierError, Secret, createCredentialVault, createKeyring,
  createKyselyCredentialRepository, parseEncryptionKey, platformOperator, type CredentialRepository, type CredentialVault,
} from '../../src/crypto/index.js';
import { InvalidOrgIdError, withPlatformAdmin, withTenant } from '../../src/tenancy/index.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

/** Trusted test setup: may manage any org's credentials. */
const OPERATOR = platformOperator('test-setup');

function vaultKey(kid: string) {
  return parseEncryptionKey(`${kid}:${randomBytes(32).toString('base64')}`);
}

/** The stored bytes of one credential, read as the platform admin (no RLS). */
async function rawRow(store: TestStore, orgId: string, credentialId: string) {
  return withPlatformAdmin(store, (trx) =>
    trx.selectFrom('credentials').selectAll().where('org_id', '=', orgId).where('credential_id', '=', credentialId).executeTakeFirst());
}

async function setCiphertext(store: TestStore, orgId: string, credentialId: string, ciphertext: Uint8Array): Promise<void> {
  await withPlatformAdmin(store, (trx) =>
    trx.updateTable('credentials').set({ ciphertext }).where('org_id', '=', orgId).where('credential_id', '=', credentialId).execute());
}

async function decryptCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CredentialDecryptError) return e.code;
    throw e;
  }
  return 'decrypted';
}

describe(`credentials in the database (${backend})`, () => {
  let store: TestStore;
  const key1 = vaultKey('k1');
  const key2 = vaultKey('k2');
  let vault: CredentialVault;
  let repo: CredentialRepository;
  const orgA = uniqueName('org-a');
  const orgB = uniqueName('org-b');
  const SECRET_A = `sk-proj-${randomBytes(24).toString('hex')}`;

  beforeAll(async () => {
    store = await openTestStore();
    vault = createCredentialVault({ keyring: createKeyring(key1), nodeEnv: 'production' });
    repo = createKyselyCredentialRepository(store, vault);
  });
  afterAll(() => store.dispose());

  it('stores, reads back, lists and deletes a credential', async () => {
    const info = await repo.store({ orgId: orgA, credentialId: 'openai-prod', name: 'OpenAI', kind: 'openai', secret: new Secret(SECRET_A), actor: OPERATOR });
    expect(info).toMatchObject({ orgId: orgA, credentialId: 'openai-prod', name: 'OpenAI', kind: 'openai', encrypted: true, vaultKeyId: 'k1', rotatedAt: null });
    const read = await repo.get(orgA, 'openai-prod');
    expect(String(read)).toBe('[REDACTED]');
    expect(read?.expose()).toBe(SECRET_A);
    await repo.store({ orgId: orgA, credentialId: 'scratch', name: 'Scratch', kind: 'anthropic', secret: 'x', actor: OPERATOR });
    const listed = await repo.list(orgA, OPERATOR);
    expect(listed.map((c) => c.credentialId)).toEqual(['openai-prod', 'scratch']);
    expect(JSON.stringify(listed)).not.toMatch(/ghv1|sk-proj/);
    expect(await repo.delete(orgA, 'scratch', OPERATOR)).toBe(true);
    expect(await repo.delete(orgA, 'scratch', OPERATOR)).toBe(false);
    expect(await repo.get(orgA, 'scratch')).toBeUndefined();
  });

  it('replacing a credential keeps its creation time and re-encrypts the new value', async () => {
    const first = await repo.store({ orgId: orgA, credentialId: 'replace-me', name: 'v1', kind: 'openai', secret: 'first', actor: OPERATOR });
    const second = await repo.store({ orgId: orgA, credentialId: 'replace-me', name: 'v2', kind: 'openai', secret: 'second', actor: OPERATOR });
    expect(second.createdAt).toEqual(first.createdAt);
    expect(second.name).toBe('v2');
    expect((await repo.get(orgA, 'replace-me'))?.expose()).toBe('second');
  });

  it('with a key configured, only the envelope is stored: the plaintext appears in no encoding', async () => {
    const row = await rawRow(store, orgA, 'openai-prod');
    const stored = Buffer.from(row!.ciphertext).toString('latin1');
    expect(stored).toMatch(/^ghv1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    const everything = JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    const plain = Buffer.from(SECRET_A);
    for (const form of [SECRET_A, plain.toString('hex'), plain.toString('base64'), plain.toString('base64url'), SECRET_A.slice(8, 40)]) {
      expect(everything).not.toContain(form);
    }
  });

  it('an envelope copied to another org\'s row fails to decrypt (CREDENTIAL_TAMPERED)', async () => {
    await repo.store({ orgId: orgB, credentialId: 'openai-prod', name: 'OpenAI', kind: 'openai', secret: 'org-b-secret', actor: OPERATOR });
    const a = (await rawRow(store, orgA, 'openai-prod'))!.ciphertext;
    const b = (await rawRow(store, orgB, 'openai-prod'))!.ciphertext;
    await setCiphertext(store, orgB, 'openai-prod', a);
    const error = await repo.get(orgB, 'openai-prod').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialDecryptError);
    expect((error as CredentialDecryptError).code).toBe('CREDENTIAL_TAMPERED');
    expect((error as Error).message).not.toContain(SECRET_A);
    // Put it back: the row decrypts again, so the failure above was the binding, not the row.
    await setCiphertext(store, orgB, 'openai-prod', b);
    expect((await repo.get(orgB, 'openai-prod'))?.expose()).toBe('org-b-secret');
  });

  it('an envelope copied to another credential id in the same org fails to decrypt', async () => {
    await repo.store({ orgId: orgA, credentialId: 'anthropic-prod', name: 'Anthropic', kind: 'anthropic', secret: 'sk-ant-other', actor: OPERATOR });
    const a = (await rawRow(store, orgA, 'openai-prod'))!.ciphertext;
    await setCiphertext(store, orgA, 'anthropic-prod', a);
    expect(await decryptCode(repo.get(orgA, 'anthropic-prod'))).toBe('CREDENTIAL_TAMPERED');
    expect((await repo.get(orgA, 'openai-prod'))?.expose()).toBe(SECRET_A);
    await repo.delete(orgA, 'anthropic-prod', OPERATOR);
  });

  it('a changed byte in the stored envelope is rejected with a typed error', async () => {
    await repo.store({ orgId: orgA, credentialId: 'flip', name: 'f', kind: 'openai', secret: 'flip-me', actor: OPERATOR });
    const original = (await rawRow(store, orgA, 'flip'))!.ciphertext;
    const text = Buffer.from(original).toString('latin1');
    const last = text.length - 1;
    const flipped = text.slice(0, last) + (text[last] === 'A' ? 'B' : 'A');
    await setCiphertext(store, orgA, 'flip', Buffer.from(flipped, 'latin1'));
    expect(await decryptCode(repo.get(orgA, 'flip'))).toMatch(/^CREDENTIAL_(TAMPERED|MALFORMED)$/);
    await setCiphertext(store, orgA, 'flip', Buffer.from('not an envelope'));
    expect(await decryptCode(repo.get(orgA, 'flip'))).toBe('CREDENTIAL_MALFORMED');
    await repo.delete(orgA, 'flip', OPERATOR);
  });

  it('one org never reads, lists or deletes another org\'s credentials', async () => {
    const c = uniqueName('org-c');
    expect(await repo.get(c, 'openai-prod')).toBeUndefined();
    expect(await repo.list(c, OPERATOR)).toEqual([]);
    expect(await repo.delete(c, 'openai-prod', OPERATOR)).toBe(false);
    expect((await repo.get(orgA, 'openai-prod'))?.expose()).toBe(SECRET_A);
    // And the table itself shows org A's rows only, under org A's context.
    const orgs = await withTenant(store, orgA, (trx) => trx.selectFrom('credentials').select('org_id').execute());
    expect(new Set(orgs.map((r) => r.org_id))).toEqual(new Set([orgA]));
  });

  it('in production without a key, storing is refused and nothing is written', async () => {
    const noKey = createKyselyCredentialRepository(store, createCredentialVault({ nodeEnv: 'production', allowPlaintextInDevelopment: true }));
    const org = uniqueName('org-prod');
    await expect(noKey.store({ orgId: org, credentialId: 'openai', name: 'o', kind: 'openai', secret: 'sk-should-not-land', actor: OPERATOR })).rejects.toBeInstanceOf(EncryptionKeyMissingError);
    const rows = await withPlatformAdmin(store, (trx) => trx.selectFrom('credentials').select('org_id').where('org_id', '=', org).execute());
    expect(rows).toEqual([]);
    await expect(noKey.rotateAll(org, OPERATOR)).rejects.toBeInstanceOf(EncryptionKeyMissingError);
  });

  it('in development, plaintext is stored only when allowed, refused in production, and rotated onto a key later', async () => {
    const org = uniqueName('org-dev');
    const warnings: string[] = [];
    const devVault = createCredentialVault({ nodeEnv: 'development', allowPlaintextInDevelopment: true, logger: { warn: (m) => void warnings.push(m) } });
    const dev = createKyselyCredentialRepository(store, devVault);
    const info = await dev.store({ orgId: org, credentialId: 'local', name: 'l', kind: 'openai', secret: 'dev-secret', actor: OPERATOR });
    expect(info).toMatchObject({ encrypted: false, vaultKeyId: null });
    expect(Buffer.from((await rawRow(store, org, 'local'))!.ciphertext).toString('latin1')).toMatch(/^ghplain\./);
    expect(warnings).toHaveLength(1);

    // A production process with a key refuses to read it...
    expect(await decryptCode(repo.get(org, 'local'))).toBe('CREDENTIAL_PLAINTEXT_REFUSED');
    // ...and a development process that now has a key moves it onto the key.
    const keyed = createKyselyCredentialRepository(store, createCredentialVault({ keyring: createKeyring(key1), nodeEnv: 'development', allowPlaintextInDevelopment: true }));
    expect(await keyed.rotateAll(org, OPERATOR)).toMatchObject({ orgId: org, rotated: ['local'], current: 0, failed: [] });
    expect(Buffer.from((await rawRow(store, org, 'local'))!.ciphertext).toString('latin1')).toMatch(/^ghv1\.k1\./);
    expect((await repo.get(org, 'local'))?.expose()).toBe('dev-secret');
  });

  it('without the development flag, no key means no plaintext either', async () => {
    const dev = createKyselyCredentialRepository(store, createCredentialVault({ nodeEnv: 'development' }));
    await expect(dev.store({ orgId: orgA, credentialId: 'nope', name: 'n', kind: 'openai', secret: 's', actor: OPERATOR })).rejects.toBeInstanceOf(EncryptionKeyMissingError);
    expect(await rawRow(store, orgA, 'nope')).toBeUndefined();
  });

  it('rotateAll re-encrypts an org\'s credentials under the new key, reports damaged rows, and the old key can then go', async () => {
    const org = uniqueName('org-rot');
    const old = createKyselyCredentialRepository(store, createCredentialVault({ keyring: createKeyring(key1), nodeEnv: 'production' }));
    for (const id of ['a', 'b', 'c']) await old.store({ orgId: org, credentialId: id, name: id, kind: 'openai', secret: `secret-${id}`, actor: OPERATOR });
    await setCiphertext(store, org, 'c', (await rawRow(store, org, 'a'))!.ciphertext); // c now holds a's envelope

    const both = createKyselyCredentialRepository(store, createCredentialVault({ keyring: createKeyring(key2, [key1]), nodeEnv: 'production' }));
    const result = await both.rotateAll(org, OPERATOR);
    expect(result).toEqual({ orgId: org, rotated: ['a', 'b'], current: 0, failed: [{ credentialId: 'c', code: 'CREDENTIAL_TAMPERED' }] });
    expect((await both.list(org, OPERATOR)).map((c) => c.vaultKeyId)).toEqual(['k2', 'k2', 'k1']);
    expect((await both.list(org, OPERATOR))[0]!.rotatedAt).toBeInstanceOf(Date);
    expect(await both.rotateAll(org, OPERATOR)).toMatchObject({ rotated: [], current: 2 });

    const newOnly = createKyselyCredentialRepository(store, createCredentialVault({ keyring: createKeyring(key2), nodeEnv: 'production' }));
    expect((await newOnly.get(org, 'a'))?.expose()).toBe('secret-a');
    expect((await newOnly.get(org, 'b'))?.expose()).toBe('secret-b');
    expect(await decryptCode(old.get(org, 'a'))).toBe('CREDENTIAL_KEY_UNKNOWN');
  });

  it('rotateAllOrgs finds every org with a credential under an older key and rotates each under its own RLS', async () => {
    const [x, y] = [uniqueName('org-x'), uniqueName('org-y')];
    const old = createKyselyCredentialRepository(store, createCredentialVault({ keyring: createKeyring(key1), nodeEnv: 'production' }));
    await old.store({ orgId: x, credentialId: 'p', name: 'p', kind: 'openai', secret: 'x-secret', actor: OPERATOR });
    await old.store({ orgId: y, credentialId: 'p', name: 'p', kind: 'openai', secret: 'y-secret', actor: OPERATOR });
    const both = createKyselyCredentialRepository(store, createCredentialVault({ keyring: createKeyring(key2, [key1]), nodeEnv: 'production' }));
    const results = await both.rotateAllOrgs(OPERATOR);
    expect(results.find((r) => r.orgId === x)).toMatchObject({ rotated: ['p'], failed: [] });
    expect(results.find((r) => r.orgId === y)).toMatchObject({ rotated: ['p'], failed: [] });
    const stale = await withPlatformAdmin(store, (trx) =>
      trx.selectFrom('credentials').select('org_id').where('org_id', 'in', [x, y]).where(sql<boolean>`vault_key_id is distinct from 'k2'`).execute());
    expect(stale).toEqual([]);
    expect((await both.get(y, 'p'))?.expose()).toBe('y-secret');
  });

  it('rejects malformed ids with typed errors before any database work', async () => {
    await expect(repo.get(orgA, 'open ai')).rejects.toBeInstanceOf(InvalidIdentifierError);
    await expect(repo.store({ orgId: orgA, credentialId: '', name: 'n', kind: 'k', secret: 's', actor: OPERATOR })).rejects.toBeInstanceOf(InvalidIdentifierError);
    await expect(repo.store({ orgId: '', credentialId: 'ok', name: 'n', kind: 'k', secret: 's', actor: OPERATOR })).rejects.toBeInstanceOf(InvalidOrgIdError);
    await expect(repo.list('bad org', OPERATOR)).rejects.toBeInstanceOf(InvalidOrgIdError);
  });
});
