import type { ApiKeyEnvironment, ApiKeyKind } from './api-key-format.js';

/**
 * What is stored for an API key: never the key, only its SHA-256 digest and the public key
 * id it is looked up by. Tenant keys belong to an org; admin keys (`orgId: null`) to none.
 */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly kind: ApiKeyKind;
  readonly environment: ApiKeyEnvironment | null;
  readonly orgId: string | null;
  readonly clientId: string;
  readonly name: string | null;
  /** SHA-256 of the whole key, lowercase hex. */
  readonly digest: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  /** The key that replaced this one in a rotation. */
  readonly replacedBy: string | null;
}

/**
 * The read the request path needs: key id to record, before any org context exists. In
 * PostgreSQL this is a narrow SECURITY DEFINER function (the app role cannot read the
 * api_keys table across orgs); the record carries no secret, only the digest.
 */
export interface ApiKeyLookup {
  findByKeyId(keyId: string): Promise<ApiKeyRecord | undefined>;
}

/** The changes key management makes to a stored record. */
export interface ApiKeyPatch {
  revokedAt?: Date | null;
  expiresAt?: Date | null;
  replacedBy?: string | null;
}

/**
 * Storage for API key records. The database implementation runs `insert`, `listByOrg` and
 * `update` inside the org's row-level-security context; {@link createMemoryApiKeyStore} is
 * the in-process one for tests and single-process setups.
 */
export interface ApiKeyStore extends ApiKeyLookup {
  /** Adds a record; rejects if the key id exists. */
  insert(record: ApiKeyRecord): Promise<void>;
  /** Every key of an org (`null`: admin keys), newest first. */
  listByOrg(orgId: string | null): Promise<ApiKeyRecord[]>;
  /** Applies a patch; `undefined` if there is no such key. */
  update(keyId: string, patch: ApiKeyPatch): Promise<ApiKeyRecord | undefined>;
}
