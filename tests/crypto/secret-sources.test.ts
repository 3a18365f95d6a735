import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SecretSourceError, awsSecretsManagerSource, chainSecretSources, envSecretSource, fileSecretSource, type GetSecretValueInput, type Secret,
} from '../../src/crypto/index.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SecretSourceError);
    return (e as SecretSourceError).code;
  }
  return 'no error';
}

const text = (s: Secret | undefined): string | undefined => {
  const v = s?.expose();
  return v === undefined ? undefined : typeof v === 'string' ? v : Buffer.from(v).toString('utf8');
};

describe('envSecretSource', () => {
  it('reads variables, with an optional prefix; unset and empty are undefined', async () => {
    const env = { A: 'one', GATEHOUSE_B: 'two', EMPTY: '' };
    expect(text(await envSecretSource({ env }).get('A'))).toBe('one');
    expect(text(await envSecretSource({ env, prefix: 'GATEHOUSE_' }).get('B'))).toBe('two');
    expect(await envSecretSource({ env }).get('EMPTY')).toBeUndefined();
    expect(await envSecretSource({ env }).get('MISSING')).toBeUndefined();
  });

  it('returns Secrets, which print as [REDACTED]', async () => {
    expect(inspect(await envSecretSource({ env: { A: 'hunter2-hunter2' } }).get('A'))).toBe('[REDACTED]');
  });
});

describe('fileSecretSource', () => {
  let root: string;
  let dir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gh-secrets-'));
    dir = join(root, 'secrets');
    await mkdir(join(dir, 'db'), { recursive: true });
    await writeFile(join(dir, 'API_KEY'), 'sk-file-123\n');
    await writeFile(join(dir, 'CRLF'), 'crlf-value\r\n');
    await writeFile(join(dir, 'TWO_NEWLINES'), 'keep-one\n\n');
    await writeFile(join(dir, 'NO_NEWLINE'), 'plain');
    await writeFile(join(dir, 'db', 'password'), 'pg-pass\n');
    await writeFile(join(dir, 'BIG'), 'x'.repeat(100));
    await writeFile(join(root, 'outside'), 'do-not-read\n');
    // Kubernetes layout: KEY -> ..data/KEY, ..data -> ..2026_01_01
    await mkdir(join(dir, '..2026_01_01'));
    await writeFile(join(dir, '..2026_01_01', 'K8S_KEY'), 'k8s-value\n');
    await symlink('..2026_01_01', join(dir, '..data'));
    await symlink(join('..data', 'K8S_KEY'), join(dir, 'K8S_KEY'));
    await symlink(join(root, 'outside'), join(dir, 'ESCAPE'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads a file and removes exactly one trailing newline', async () => {
    const source = fileSecretSource({ directory: dir });
    expect(text(await source.get('API_KEY'))).toBe('sk-file-123');
    expect(text(await source.get('CRLF'))).toBe('crlf-value');
    expect(text(await source.get('TWO_NEWLINES'))).toBe('keep-one\n');
    expect(text(await source.get('NO_NEWLINE'))).toBe('plain');
    expect(text(await source.get('db/password'))).toBe('pg-pass');
  });

  it('follows Kubernetes-style symlinks inside the directory', async () => {
    expect(text(await fileSecretSource({ directory: dir }).get('K8S_KEY'))).toBe('k8s-value');
  });

  it('returns undefined for a missing file', async () => {
    expect(await fileSecretSource({ directory: dir }).get('NOPE')).toBeUndefined();
  });

  it('refuses names that would leave the directory', async () => {
    const source = fileSecretSource({ directory: dir });
    for (const name of ['../outside', '..', '.', 'db/../../outside', '/etc/passwd', 'a\\b', '', '..data/K8S_KEY', 'db//password']) {
      expect(await codeOf(source.get(name))).toBe('SECRET_NAME_INVALID');
    }
  });

  it('refuses a symlink that points outside the directory, without reading it', async () => {
    const source = fileSecretSource({ directory: dir });
    const err = await source.get('ESCAPE').catch((e: unknown) => e as SecretSourceError);
    expect(err).toBeInstanceOf(SecretSourceError);
    expect((err as SecretSourceError).code).toBe('SECRET_NAME_INVALID');
    expect((err as SecretSourceError).message).not.toContain('do-not-read');
  });

  it('refuses files over the size limit and directories', async () => {
    expect(await codeOf(fileSecretSource({ directory: dir, maxBytes: 10 }).get('BIG'))).toBe('SECRET_MALFORMED');
    expect(await codeOf(fileSecretSource({ directory: dir }).get('db'))).toBe('SECRET_MALFORMED');
  });

  it('reports a missing directory as unavailable', async () => {
    expect(await codeOf(fileSecretSource({ directory: join(root, 'nope') }).get('X'))).toBe('SECRET_SOURCE_UNAVAILABLE');
  });
});

describe('chainSecretSources', () => {
  it('returns the first value found and propagates errors instead of skipping them', async () => {
    const a = envSecretSource({ env: { ONLY_A: 'a' } });
    const b = envSecretSource({ env: { ONLY_A: 'not this', ONLY_B: 'b' } });
    const chain = chainSecretSources(a, b);
    expect(text(await chain.get('ONLY_A'))).toBe('a');
    expect(text(await chain.get('ONLY_B'))).toBe('b');
    expect(await chain.get('NONE')).toBeUndefined();
    const failing = { get: async () => { throw new SecretSourceError('SECRET_SOURCE_UNAVAILABLE', 'X', 'down'); } };
    expect(await codeOf(chainSecretSources(failing, b).get('ONLY_B'))).toBe('SECRET_SOURCE_UNAVAILABLE');
  });
});

// A local fake of the SDK: the command class records its input, the client answers from a table.
class FakeGetSecretValueCommand {
  constructor(readonly input: GetSecretValueInput) {}
}

function fakeClient(answer: (input: GetSecretValueInput) => unknown) {
  const sent: GetSecretValueInput[] = [];
  return {
    sent,
    async send(command: FakeGetSecretValueCommand): Promise<unknown> {
      expect(command).toBeInstanceOf(FakeGetSecretValueCommand);
      sent.push(command.input);
      const a = answer(command.input);
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

function awsError(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, requestId: 'req-123' }, $response: { body: 'RAW-RESPONSE-BODY' } });
}

describe('awsSecretsManagerSource', () => {
  it('sends GetSecretValueCommand({ SecretId, VersionStage }) and returns SecretString', async () => {
    const client = fakeClient(() => ({ SecretString: 'sm-value', ARN: 'arn:aws:…' }));
    const source = awsSecretsManagerSource(client, { GetSecretValueCommand: FakeGetSecretValueCommand });
    expect(text(await source.get('prod/openai'))).toBe('sm-value');
    expect(client.sent).toEqual([{ SecretId: 'prod/openai', VersionStage: 'AWSCURRENT' }]);
  });

  it('uses the configured version stage', async () => {
    const client = fakeClient(() => ({ SecretString: 'v' }));
    await awsSecretsManagerSource(client, { GetSecretValueCommand: FakeGetSecretValueCommand, versionStage: 'AWSPREVIOUS' }).get('s');
    expect(client.sent[0]).toEqual({ SecretId: 's', VersionStage: 'AWSPREVIOUS' });
  });

  it('returns SecretBinary as bytes', async () => {
    const bytes = new Uint8Array([1, 2, 3, 200]);
    const source = awsSecretsManagerSource(fakeClient(() => ({ SecretBinary: bytes })), { GetSecretValueCommand: FakeGetSecretValueCommand });
    expect((await source.get('bin'))?.expose()).toEqual(bytes);
  });

  it('selects a key from a JSON secret with "id#key", asking AWS once for several keys', async () => {
    const client = fakeClient(() => ({ SecretString: JSON.stringify({ CONNECTOR_ENCRYPTION_KEY: 'k-value', OTHER: 'o', NUM: 5 }) }));
    const source = awsSecretsManagerSource(client, { GetSecretValueCommand: FakeGetSecretValueCommand });
    expect(text(await source.get('prod/gatehouse#CONNECTOR_ENCRYPTION_KEY'))).toBe('k-value');
    expect(text(await source.get('prod/gatehouse#OTHER'))).toBe('o');
    expect(await source.get('prod/gatehouse#ABSENT')).toBeUndefined();
    expect(await codeOf(source.get('prod/gatehouse#NUM'))).toBe('SECRET_MALFORMED');
    expect(client.sent).toEqual([{ SecretId: 'prod/gatehouse', VersionStage: 'AWSCURRENT' }]);
  });

  it('reports a key asked of a non-JSON or binary secret as malformed, without quoting it', async () => {
    const source = awsSecretsManagerSource(
      fakeClient(({ SecretId }) => (SecretId === 'bin' ? { SecretBinary: new Uint8Array([1]) } : { SecretString: 'not-json-SECRETVALUE' })),
      { GetSecretValueCommand: FakeGetSecretValueCommand },
    );
    const err = (await source.get('plain#k').catch((e: unknown) => e)) as SecretSourceError;
    expect(err.code).toBe('SECRET_MALFORMED');
    expect(err.message).not.toContain('SECRETVALUE');
    expect(await codeOf(source.get('bin#k'))).toBe('SECRET_MALFORMED');
  });

  it('caches per secret id for the TTL, then asks again', async () => {
    let clock = 0;
    let version = 0;
    const client = fakeClient(() => ({ SecretString: `v${++version}` }));
    const source = awsSecretsManagerSource(client, { GetSecretValueCommand: FakeGetSecretValueCommand, ttlMs: 1000, now: () => clock });
    expect(text(await source.get('s'))).toBe('v1');
    clock = 999;
    expect(text(await source.get('s'))).toBe('v1');
    clock = 1000;
    expect(text(await source.get('s'))).toBe('v2');
    expect(client.sent).toHaveLength(2);
  });

  it('shares one request between concurrent reads, and ttlMs 0 disables the cache', async () => {
    const client = fakeClient(() => ({ SecretString: 'v' }));
    const source = awsSecretsManagerSource(client, { GetSecretValueCommand: FakeGetSecretValueCommand });
    await Promise.all([source.get('s'), source.get('s#a').catch(() => undefined), source.get('s')]);
    expect(client.sent).toHaveLength(1);
    const uncached = fakeClient(() => ({ SecretString: 'v' }));
    const noCache = awsSecretsManagerSource(uncached, { GetSecretValueCommand: FakeGetSecretValueCommand, ttlMs: 0 });
    await noCache.get('s');
    await noCache.get('s');
    expect(uncached.sent).toHaveLength(2);
  });

  it('maps ResourceNotFoundException to undefined, and does not cache the absence', async () => {
    let exists = false;
    const client = fakeClient(() => (exists ? { SecretString: 'now here' } : awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400)));
    const source = awsSecretsManagerSource(client, { GetSecretValueCommand: FakeGetSecretValueCommand });
    expect(await source.get('later')).toBeUndefined();
    exists = true;
    expect(text(await source.get('later'))).toBe('now here');
  });

  it('maps other AWS errors to SECRET_SOURCE_UNAVAILABLE with name, status and request id, not the raw error', async () => {
    const client = fakeClient(() => awsError('AccessDeniedException', 'User is not authorized', 403));
    const source = awsSecretsManagerSource(client, { GetSecretValueCommand: FakeGetSecretValueCommand });
    const err = (await source.get('prod/x').catch((e: unknown) => e)) as SecretSourceError;
    expect(err).toBeInstanceOf(SecretSourceError);
    expect(err.code).toBe('SECRET_SOURCE_UNAVAILABLE');
    expect(err.message).toMatch(/AccessDeniedException \(HTTP 403, request id req-123\)/);
    expect(err.cause).toBeUndefined();
    expect(inspect(err, { depth: Infinity })).not.toContain('RAW-RESPONSE-BODY');
    // Failures are not cached: the next read asks again.
    await source.get('prod/x').catch(() => undefined);
    expect(client.sent).toHaveLength(2);
  });

  it('rejects a response with neither SecretString nor SecretBinary, and bad names', async () => {
    const source = awsSecretsManagerSource(fakeClient(() => ({})), { GetSecretValueCommand: FakeGetSecretValueCommand });
    expect(await codeOf(source.get('s'))).toBe('SECRET_MALFORMED');
    expect(await codeOf(source.get(''))).toBe('SECRET_NAME_INVALID');
    expect(await codeOf(source.get('s#'))).toBe('SECRET_NAME_INVALID');
  });
});
