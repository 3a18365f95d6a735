/**
 * The secret-leak test. While the vault, API-key and license operations run (successes and
 * every failure path), everything logged (console.*, stdout/stderr, the injected logger, the
 * CLI's streams), thrown (messages, stacks, causes, inspected and JSON errors) and returned
 * (inspected with showHidden, JSON.stringify, String) is captured, then searched for every
 * secret in raw, hex, base64, base64url and decimal-byte form.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Secret, authenticate, awsSecretsManagerSource, createApiKeyManager, createCredentialVault, createCredentialVaultFromEnv, createKeyring,
  createMemoryApiKeyStore, generateLicenseKeyPair, platformOperator, keyringFromValues, loadKeyringFromEnv, parseBasicAuth, parseEncryptionKey, parseEnvelope,
  resolveRequestOrg, runLicenseCli, signLicense, verifyApiKey, verifyLicense, type LicenseCliIo, type SealedEnvelope,
} from '../../src/crypto/index.js';
import { apiKeyChecksum } from '../../src/crypto/api-keys/api-key-format.js';
import { LeakCapture, findLeaks, type NamedSecret } from './helpers/leak-scanner.js';

const secrets: NamedSecret[] = [];
const track = (name: string, value: string | Uint8Array, windows = true): void => {
  secrets.push({ name, bytes: typeof value === 'string' ? new TextEncoder().encode(value) : Uint8Array.from(value), windows });
};
const randomText = (prefix: string): string => prefix + Buffer.from(randomBytes(24)).toString('base64url');

describe('no secret leaks while the crypto suites run', () => {
  const capture = new LeakCapture();

  beforeAll(() => capture.start());
  afterAll(() => capture.stop());

  it('the vault leaks neither keys nor plaintexts', async () => {
    const k1 = new Uint8Array(randomBytes(32));
    const k2 = new Uint8Array(randomBytes(32));
    const k1Text = Buffer.from(k1).toString('base64');
    const k2Text = Buffer.from(k2).toString('hex');
    const shortKey = new Uint8Array(randomBytes(24));
    const longKey = new Uint8Array(randomBytes(40));
    track('vault key 1', k1);
    track('vault key 2', k2);
    track('short bad key', shortKey);
    track('long bad key', longKey);
    const credentials = [randomText('sk-live-'), randomText('sk-ant-'), randomText('AIza')];
    credentials.forEach((c, i) => track(`credential ${i}`, c));

    const env = { CONNECTOR_ENCRYPTION_KEY: `cur:${k1Text}`, CONNECTOR_ENCRYPTION_KEY_PREVIOUS: `old:${k2Text}`, NODE_ENV: 'production' };
    const keyring = (await capture.run(() => loadKeyringFromEnv(env))).value!;
    capture.serialise(keyring);
    capture.serialise(keyring.current);
    const vault = createCredentialVault({ keyring, nodeEnv: 'production', logger: capture.logger });
    capture.serialise(vault);
    const oldVault = createCredentialVault({ keyring: createKeyring(parseEncryptionKey(`old:${k2Text}`)), logger: capture.logger });
    const b = { orgId: 'acme', credentialId: 'openai' };

    for (const c of credentials) {
      const stored = (await capture.run(() => vault.encrypt(new Secret(c), b))).value!;
      await capture.run(() => vault.decrypt(stored, b));
      await capture.run(() => vault.decryptText(stored, b));
      await capture.run(() => vault.decrypt(stored, { orgId: 'globex', credentialId: 'openai' }));
      const env2 = parseEnvelope(stored) as SealedEnvelope;
      const flipped = Uint8Array.from(env2.ciphertext);
      flipped[0]! ^= 1;
      await capture.run(() => vault.decrypt({ ...env2, ciphertext: flipped }, b));
      await capture.run(() => vault.decrypt({ ...env2, kid: 'nope' }, b));
      await capture.run(() => vault.decrypt(stored.slice(0, -3), b));
      await capture.run(() => vault.rotate(oldVault.encrypt(c, b), b));
      await capture.run(() => vault.needsRotation(stored));
      await capture.run(() => createCredentialVault({ keyring: createKeyring(parseEncryptionKey(randomBytes(32).toString('hex'))) }).decrypt(stored, b));
    }
    await capture.run(() => createCredentialVault({ nodeEnv: 'production', logger: capture.logger }).encrypt(credentials[0]!, b));
    await capture.run(() => createCredentialVault({ nodeEnv: 'development', logger: capture.logger }).encrypt(credentials[1]!, b));
    // Bad keys at startup: the error names the problem, never the key.
    await capture.run(() => createCredentialVaultFromEnv({ env: { CONNECTOR_ENCRYPTION_KEY: Buffer.from(shortKey).toString('base64'), NODE_ENV: 'production' } }));
    await capture.run(() => loadKeyringFromEnv({ CONNECTOR_ENCRYPTION_KEY: Buffer.from(longKey).toString('hex') }));
    await capture.run(() => keyringFromValues(k1Text, `${Buffer.from(shortKey).toString('base64url')}`));
    await capture.run(() => keyringFromValues(k1Text, k1Text));
    await capture.run(() => parseEncryptionKey(`bad id:${k1Text}`));
    await capture.run(() => parseEncryptionKey(k1Text.slice(0, 20) + '!' + k1Text.slice(21)));
  });

  it('development plaintext mode warns without the credential', async () => {
    const devSecret = randomText('sk-dev-');
    const warnings: string[] = [];
    const vault = createCredentialVault({ nodeEnv: 'development', allowPlaintextInDevelopment: true, logger: { warn: (m) => void warnings.push(m) } });
    // The ghplain. envelope holds the credential by design; only the warning is checked here.
    vault.encrypt(devSecret, { orgId: 'acme', credentialId: 'dev' });
    expect(warnings).toHaveLength(1);
    expect(findLeaks(warnings.join('\n'), [{ name: 'dev credential', bytes: new TextEncoder().encode(devSecret) }])).toEqual([]);
  });

  it('API keys leak neither the key nor its secret part', async () => {
    const store = createMemoryApiKeyStore();
    const keys = createApiKeyManager({ store, audit: (e) => capture.serialise(e) });
    const ana = { id: 'user:ana', orgId: 'acme', roles: ['admin'] };
    const operator = platformOperator('ops');
    const tenant = (await capture.run(() => keys.create({ orgId: 'acme', clientId: 'svc', actor: ana }))).value!;
    const admin = (await capture.run(() => keys.create({ orgId: null, clientId: 'ops', kind: 'admin', actor: operator }))).value!;
    for (const [name, k] of [['tenant key', tenant.key], ['admin key', admin.key]] as const) {
      // The prefix and key id are public; the secret part is checked piece by piece.
      track(name, k.expose(), false);
      track(`${name} secret part`, k.expose().slice(-50, -6));
    }
    const t = tenant.key.expose();
    const a = admin.key.expose();
    const basic = (u: string, p: string): string => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
    const lookup = store;
    // A well-formed key with the real key id but another secret: the invalid_secret path.
    const head = `gh_live_${tenant.summary.keyId}${Buffer.from(randomBytes(40)).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 44).padEnd(44, 'Q')}`;
    const guessed = head + apiKeyChecksum(head);
    track('guessed key', guessed, false);
    track('guessed key secret part', guessed.slice(-50, -6));
    for (const header of [
      basic('svc', t), `Bearer ${t}`, basic('other', t), `Bearer ${a}`, basic('svc', t.slice(0, -1) + 'x'), basic('svc', t + 'x'),
      `Bearer ${t.replace(/.{10}(.{6})$/, 'AAAAAAAAAA$1')}`, `Bearer ${guessed}`, basic('svc', guessed), `Digest ${t}`, `Basic ${t}`, basic('', t), 'Bearer',
    ]) {
      await capture.run(() => authenticate(header, { kind: 'tenant', lookup }));
      await capture.run(() => authenticate(header, { kind: 'admin', lookup }));
      await capture.run(() => parseBasicAuth(header));
    }
    await capture.run(() => verifyApiKey(tenant.key, { kind: 'tenant', lookup, environment: 'test' }));
    const caller = (await capture.run(() => authenticate(basic('svc', t), { kind: 'tenant', lookup }))).value!;
    await capture.run(() => resolveRequestOrg(caller, 'globex'));
    const rotated = (await capture.run(() => keys.rotate(tenant.summary.keyId, { orgId: 'acme', overlapMs: 60_000, actor: ana }))).value!;
    track('rotated key', rotated.key.expose(), false);
    track('rotated key secret part', rotated.key.expose().slice(-50, -6));
    await capture.run(() => keys.revoke(tenant.summary.keyId, { orgId: 'acme', actor: ana }));
    await capture.run(() => authenticate(basic('svc', t), { kind: 'tenant', lookup }));
    await capture.run(() => keys.setExpiry(rotated.summary.keyId, { orgId: 'acme', expiresAt: new Date(0), actor: ana }));
    await capture.run(() => authenticate(`Bearer ${rotated.key.expose()}`, { kind: 'tenant', lookup }));
    await capture.run(() => keys.list('acme', ana));
    await capture.run(() => keys.revoke(admin.summary.keyId, { orgId: 'acme', actor: ana }));
    // Denied calls: their events and errors carry no key either.
    await capture.run(() => keys.revoke(admin.summary.keyId, { orgId: null, actor: ana }));
    await capture.run(() => keys.rotate(rotated.summary.keyId, { orgId: 'acme', overlapMs: 0, actor: { ...ana, roles: ['viewer'] } }));
  });

  it('license signing leaks neither the signing key nor its seed', async () => {
    const pair = (await capture.run(() => generateLicenseKeyPair())).value!;
    const secretText = pair.secretKey.expose();
    track('license secret key', secretText);
    track('license seed', Buffer.from(secretText.slice('GHLSK1.'.length), 'base64url'));
    const payload = { org_id: 'acme', tier: 'enterprise' as const, features: ['sso'], expires_at: '2030-01-01T00:00:00Z' };
    const token = (await capture.run(() => signLicense(payload, pair.secretKey))).value!;
    await capture.run(() => signLicense({ ...payload, org_id: 'bad org' }, pair.secretKey));
    await capture.run(() => signLicense(payload, secretText.slice(0, -4)));
    await capture.run(() => signLicense(payload, 'GHLPK1.' + secretText.slice(7)));
    await capture.run(() => verifyLicense(token, { publicKeys: [pair.publicKey], orgId: 'acme' }));
    await capture.run(() => verifyLicense(token, { publicKeys: [pair.publicKey], orgId: 'globex' }));
    await capture.run(() => verifyLicense(token, { publicKeys: [secretText], orgId: 'acme' }));
    await capture.run(() => verifyLicense(token.slice(0, -2), { publicKeys: [pair.publicKey], orgId: 'acme' }));

    const out: string[] = [];
    const files: Record<string, string> = { '/k': secretText + '\n' };
    const io: LicenseCliIo = {
      stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), env: { GATEHOUSE_LICENSE_SECRET_KEY: secretText },
      readFile: async (p) => files[p] ?? Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' })),
      writeSecretFile: async (p, c) => void (files[p] = c), now: () => new Date('2026-01-01T00:00:00Z'),
    };
    for (const argv of [
      ['sign', '--org', 'acme', '--tier', 'enterprise', '--expires', '30d'],
      ['sign', '--org', 'acme', '--tier', 'enterprise', '--expires', '30d', '--secret-key-file', '/k'],
      ['sign', '--org', 'acme', '--tier', 'enterprise', '--expires', '30d', secretText],
      ['sign', '--secret-key', secretText],
      ['sign', '--org', 'acme', '--tier', 'gold', '--expires', '30d'],
      ['verify', token, '--org', 'acme', '--public-key', pair.publicKey],
      ['verify', token, '--org', 'acme', '--public-key', secretText],
      ['keygen', '--secret-key-out', '/new.key'],
    ]) {
      await capture.run(() => runLicenseCli(argv, io));
    }
    // keygen wrote its new key to the chosen file only.
    track('generated key file', files['/new.key']!.trim());
    track('generated seed', Buffer.from(files['/new.key']!.trim().slice('GHLSK1.'.length), 'base64url'));
    capture.logged.push(...out);
  });

  it('secret sources leak no secret values in their errors', async () => {
    const value = randomText('aws-secret-');
    track('aws secret', value);
    const client = {
      send: async (command: { input: { SecretId: string } }) => {
        if (command.input.SecretId === 'denied') throw Object.assign(new Error(`denied; body was ${value}`), { name: 'AccessDeniedException', $response: { body: value } });
        return { SecretString: command.input.SecretId === 'json' ? JSON.stringify({ k: value }) : `not json ${value}` };
      },
    };
    const source = awsSecretsManagerSource(client, { GetSecretValueCommand: class { constructor(readonly input: { SecretId: string }) {} } });
    for (const name of ['denied', 'json#k', 'json#missing', 'plain#k', 'plain']) await capture.run(() => source.get(name));
  });

  it('captured something from every channel, and none of it holds a secret', () => {
    expect(secrets.length).toBeGreaterThan(15);
    expect(capture.thrown.length).toBeGreaterThan(100);
    expect(capture.serialised.length).toBeGreaterThan(100);
    expect(capture.logged.length).toBeGreaterThan(5);
    expect(findLeaks(capture.all(), secrets)).toEqual([]);
  });
});

describe('the leak scanner itself', () => {
  const bytes = new Uint8Array(randomBytes(32));
  const secret: NamedSecret[] = [{ name: 'k', bytes }];
  const text = 'sk-canary-' + Buffer.from(randomBytes(18)).toString('base64url');
  const textSecret: NamedSecret[] = [{ name: 't', bytes: new TextEncoder().encode(text) }];

  it.each([
    ['hex', () => `key=${Buffer.from(bytes).toString('hex')}`],
    ['upper hex', () => Buffer.from(bytes).toString('hex').toUpperCase()],
    ['base64', () => JSON.stringify({ key: Buffer.from(bytes).toString('base64') })],
    ['base64url', () => `kid:${Buffer.from(bytes).toString('base64url')}`],
    ['base64 inside a larger blob', () => Buffer.concat([Buffer.from('x'), Buffer.from(bytes)]).toString('base64')],
    ['Buffer inspect', () => inspect(Buffer.from(bytes))],
    ['Uint8Array inspect', () => inspect({ key: Uint8Array.from(bytes) })],
    ['latin1 string', () => Buffer.from(bytes).toString('latin1')],
  ])('finds a key leaked as %s', (_name, leak) => {
    expect(findLeaks(leak(), secret)).not.toEqual([]);
  });

  it('finds a text secret in an error message and in base64', () => {
    expect(findLeaks(new Error(`bad token ${text}`).stack!, textSecret)).not.toEqual([]);
    expect(findLeaks(Buffer.from(`Bearer ${text}`).toString('base64'), textSecret)).not.toEqual([]);
  });

  it('does not report unrelated text', () => {
    expect(findLeaks('nothing to see here ' + Buffer.from(randomBytes(32)).toString('hex'), [...secret, ...textSecret])).toEqual([]);
  });
});
