import { Secret } from '../secret.js';
import type { SecretSource } from './secret-source.js';
import { SecretSourceError } from './secret-source-error.js';

/**
 * An adapter for AWS Secrets Manager, typed against the few members of
 * `@aws-sdk/client-secrets-manager` it uses. The SDK is an optional peer dependency: this
 * module never imports it. You pass the client and the `GetSecretValueCommand` class, so
 * importing `gatehouse/crypto` never requires the SDK to be installed.
 */

/** The input of `GetSecretValueCommand` this adapter sends. */
export interface GetSecretValueInput {
  SecretId: string;
  VersionStage?: string;
}

/** The fields of `GetSecretValueCommandOutput` this adapter reads. */
export interface GetSecretValueOutput {
  SecretString?: string;
  SecretBinary?: Uint8Array;
}

/** The part of `SecretsManagerClient` this adapter calls. */
export interface SecretsManagerClientLike<C> {
  send(command: C): Promise<unknown>;
}

/** Options of {@link awsSecretsManagerSource}. */
export interface AwsSecretsManagerSourceOptions<C> {
  /** `GetSecretValueCommand` from `@aws-sdk/client-secrets-manager`. */
  GetSecretValueCommand: new (input: GetSecretValueInput) => C;
  /** The staging label to read. Default `AWSCURRENT`. */
  versionStage?: string;
  /** How long a fetched secret is reused, in milliseconds. Default 5 minutes; 0 disables caching. */
  ttlMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

type RawSecret = { kind: 'string'; value: Secret<string> } | { kind: 'binary'; value: Secret<Uint8Array> };

function describeAwsError(error: unknown): { name: string; detail: string } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown; $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const parts: string[] = [];
  if (typeof e.$metadata?.httpStatusCode === 'number') parts.push(`HTTP ${e.$metadata.httpStatusCode}`);
  if (typeof e.$metadata?.requestId === 'string') parts.push(`request id ${e.$metadata.requestId}`);
  return { name, detail: parts.length > 0 ? ` (${parts.join(', ')})` : '' };
}

function splitName(name: string): { secretId: string; jsonKey: string | undefined } {
  // Secret names and ARNs cannot contain "#", so it separates the id from a JSON key.
  const hash = name.indexOf('#');
  return hash < 0 ? { secretId: name, jsonKey: undefined } : { secretId: name.slice(0, hash), jsonKey: name.slice(hash + 1) };
}

function selectJsonKey(raw: string, secretId: string, jsonKey: string, fullName: string): Secret<string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // JSON.parse's message quotes the input, so it is never passed on.
    throw new SecretSourceError('SECRET_MALFORMED', fullName, `The secret "${secretId}" is not JSON, so key "${jsonKey}" cannot be selected from it.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretSourceError('SECRET_MALFORMED', fullName, `The secret "${secretId}" is not a JSON object, so key "${jsonKey}" cannot be selected from it.`);
  }
  if (!Object.hasOwn(parsed, jsonKey)) return undefined;
  const value = (parsed as Record<string, unknown>)[jsonKey];
  if (typeof value !== 'string') {
    throw new SecretSourceError('SECRET_MALFORMED', fullName, `The key "${jsonKey}" of secret "${secretId}" is a ${value === null ? 'null' : typeof value}, not a string.`);
  }
  return new Secret(value);
}

/**
 * Secrets from AWS Secrets Manager. `get('name')` sends
 * `GetSecretValueCommand({ SecretId: 'name', VersionStage })` and returns `SecretString`
 * (or `SecretBinary` as bytes). `get('name#key')` reads a JSON secret and returns its
 * `key` property. Responses are cached per secret id for `ttlMs`, and concurrent reads of
 * one secret share one request.
 *
 * `ResourceNotFoundException`, and a JSON key that is absent, resolve to `undefined`. Any
 * other failure throws {@link SecretSourceError} (`SECRET_SOURCE_UNAVAILABLE`) naming the
 * AWS error, HTTP status and request id; the SDK error itself is not attached, since it
 * carries the raw request and response.
 *
 * @example
 * ```ts
 * import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
 * const source = awsSecretsManagerSource(new SecretsManagerClient({ region: 'eu-west-1' }), { GetSecretValueCommand });
 * const key = await source.get('prod/gatehouse#CONNECTOR_ENCRYPTION_KEY');
 * ```
 */
export function awsSecretsManagerSource<C>(client: SecretsManagerClientLike<C>, options: AwsSecretsManagerSourceOptions<C>): SecretSource {
  const versionStage = options.versionStage ?? 'AWSCURRENT';
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { expiresAt: number; value: Promise<RawSecret | undefined> }>();

  async function fetchSecret(secretId: string, fullName: string): Promise<RawSecret | undefined> {
    let output: unknown;
    try {
      output = await client.send(new options.GetSecretValueCommand({ SecretId: secretId, VersionStage: versionStage }));
    } catch (error) {
      const { name, detail } = describeAwsError(error);
      if (name === 'ResourceNotFoundException') return undefined;
      throw new SecretSourceError('SECRET_SOURCE_UNAVAILABLE', fullName, `AWS Secrets Manager could not return the secret "${secretId}" (stage ${versionStage}): ${name}${detail}.`);
    }
    const out = (typeof output === 'object' && output !== null ? output : {}) as GetSecretValueOutput;
    if (typeof out.SecretString === 'string') return { kind: 'string', value: new Secret(out.SecretString) };
    if (out.SecretBinary instanceof Uint8Array) return { kind: 'binary', value: new Secret(out.SecretBinary) };
    throw new SecretSourceError('SECRET_MALFORMED', fullName, `AWS Secrets Manager returned neither SecretString nor SecretBinary for "${secretId}".`);
  }

  function cached(secretId: string, fullName: string): Promise<RawSecret | undefined> {
    const hit = cache.get(secretId);
    if (hit && hit.expiresAt > now()) return hit.value;
    const value = fetchSecret(secretId, fullName);
    if (ttlMs > 0) {
      const entry = { expiresAt: now() + ttlMs, value };
      cache.set(secretId, entry);
      // Failures and absences are not cached: the next read asks again.
      value.then(
        (v) => { if (v === undefined && cache.get(secretId) === entry) cache.delete(secretId); },
        () => { if (cache.get(secretId) === entry) cache.delete(secretId); },
      );
    }
    return value;
  }

  return {
    async get(name: string): Promise<Secret | undefined> {
      const { secretId, jsonKey } = splitName(name);
      if (secretId === '' || jsonKey === '' || secretId.length > 2048) {
        throw new SecretSourceError('SECRET_NAME_INVALID', String(name), 'Name an AWS secret as "secret-id" or "secret-id#json-key".');
      }
      const raw = await cached(secretId, name);
      if (raw === undefined) return undefined;
      if (jsonKey === undefined) return raw.value;
      if (raw.kind === 'binary') {
        throw new SecretSourceError('SECRET_MALFORMED', name, `The secret "${secretId}" is binary, so key "${jsonKey}" cannot be selected from it.`);
      }
      return selectJsonKey(raw.value.expose(), secretId, jsonKey, name);
    },
  };
}
