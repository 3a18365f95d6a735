import type { Selectable } from 'kysely';
import { GatehouseTypeError } from '../../errors.js';
import { assertOrgId } from '../../tenancy/org-id.js';
import type { GatehouseStore } from '../../tenancy/store.js';
import { encodeUtf8 } from '../encoding.js';
import { authorizeActor, type ManagementActor } from '../rbac/authorize-actor.js';
import type { PlatformOperator } from '../rbac/platform-operator.js';
import { builtinAuthorize, type Authorize } from '../rbac/require-permissions.js';
import type { Secret } from '../secret.js';
import type { CredentialPlaintext, CredentialVault } from '../vault/credential-vault.js';
import { ENVELOPE_VERSION, parseEnvelope } from '../vault/envelope.js';
import { CredentialDecryptError, EncryptionKeyMissingError, type CredentialDecryptCode } from '../vault/vault-errors.js';
import { databaseRuntime } from './database-runtime.js';
import { InvalidIdentifierError } from './store-errors.js';
import { cryptoTables, type CredentialRow } from './store-tables.js';

/** A stored credential as lists show it: where it is and how it is protected, never its value. */
export interface CredentialInfo {
  readonly orgId: string;
  readonly credentialId: string;
  readonly name: string;
  /** What the credential is for, e.g. `openai` or `anthropic`. */
  readonly kind: string;
  /** False only for a development plaintext envelope. */
  readonly encrypted: boolean;
  /** The id of the vault key that encrypted it; `null` when stored unencrypted. */
  readonly vaultKeyId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When `rotateAll` last re-encrypted it under a newer key. */
  readonly rotatedAt: Date | null;
}

/** What {@link CredentialRepository.store} needs. */
export interface StoreCredentialInput {
  orgId: string;
  /** 1 to 128 letters, digits, `_`, `.`, `:`, `@` or `-`; bound into the ciphertext. */
  credentialId: string;
  name: string;
  kind: string;
  secret: CredentialPlaintext;
  /** Who is storing it: a member of `orgId` with `provider:configure`, or the platform operator. */
  actor: ManagementActor;
}

/** Options of {@link createKyselyCredentialRepository}. */
export interface CredentialRepositoryOptions {
  /**
   * The permission check of the management calls. Default: built-in roles only;
   * `createAuthorizer(roleStore).can` adds the org's custom roles.
   */
  authorize?: Authorize;
}

/** The outcome of re-encrypting an org's credentials under the vault's current key. */
export interface CredentialRotationResult {
  readonly orgId: string;
  /** Credential ids now under the current key. */
  readonly rotated: readonly string[];
  /** How many were already under the current key. */
  readonly current: number;
  /** Credentials that did not decrypt (and were left as they were), with the vault's error code. */
  readonly failed: readonly { readonly credentialId: string; readonly code: CredentialDecryptCode }[];
}

/**
 * Provider credentials of each org, encrypted by a {@link CredentialVault}, under row-level
 * security. Management calls name who acts and are checked first (`PermissionDeniedError`,
 * nothing read or written); `get`, the request path's read, is not a management call.
 */
export interface CredentialRepository {
  /** Encrypts and stores (or replaces) a credential. Needs `provider:configure`. Nothing is written if the vault refuses. */
  store(input: StoreCredentialInput): Promise<CredentialInfo>;
  /**
   * The decrypted credential, or `undefined` when the org has none by that id. For the model
   * adapter at request time, in the org the authenticated request belongs to: no actor and no
   * permission check, so never expose it through a management API (listing is `list`).
   */
  get(orgId: string, credentialId: string): Promise<Secret<string> | undefined>;
  /** Metadata only, never a value. Needs `provider:read`. */
  list(orgId: string, actor: ManagementActor): Promise<CredentialInfo[]>;
  /** True if the credential existed. Needs `provider:configure`. */
  delete(orgId: string, credentialId: string, actor: ManagementActor): Promise<boolean>;
  /** Re-encrypts every credential of the org that the current key did not make. Needs `provider:configure`. */
  rotateAll(orgId: string, actor: ManagementActor): Promise<CredentialRotationResult>;
  /**
   * {@link CredentialRepository.rotateAll} for every org that has a credential under another
   * key. Finding those orgs is a cross-tenant read, so it uses the platform admin role; each
   * org's rotation then runs under its own row-level security. An operator task, never a
   * request: only the platform operator may call it.
   */
  rotateAllOrgs(operator: PlatformOperator): Promise<CredentialRotationResult[]>;
}

const CREDENTIAL_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;
// Envelopes are ASCII; any other byte makes parseEnvelope() report CREDENTIAL_MALFORMED.
const envelopeText = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

function checkCredentialId(credentialId: unknown): asserts credentialId is string {
  if (typeof credentialId !== 'string' || !CREDENTIAL_ID.test(credentialId)) {
    throw new InvalidIdentifierError('credentialId', '1 to 128 letters, digits, "_", ".", ":", "@" or "-"');
  }
}

function checkLabel(value: unknown, field: string, max: number): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw new GatehouseTypeError(`${field} must be a non-empty string of at most ${max} characters.`);
}

/** The envelope's key id: `null` for a plaintext envelope. */
function vaultKeyIdOf(envelope: string): string | null {
  const parsed = parseEnvelope(envelope);
  return parsed.version === ENVELOPE_VERSION ? parsed.kid : null;
}

function toInfo(row: Omit<Selectable<CredentialRow>, 'ciphertext' | 'key_version'>): CredentialInfo {
  return Object.freeze({
    orgId: row.org_id,
    credentialId: row.credential_id,
    name: row.name,
    kind: row.kind,
    encrypted: row.vault_key_id !== null,
    vaultKeyId: row.vault_key_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    rotatedAt: row.rotated_at,
  });
}

const INFO_COLUMNS = ['org_id', 'credential_id', 'name', 'kind', 'vault_key_id', 'created_at', 'updated_at', 'rotated_at'] as const;

/**
 * Provider credentials in the `credentials` table, each a vault envelope whose associated data
 * binds it to its org id and credential id: an envelope copied to another org's row, or to
 * another credential id, fails to decrypt with `CredentialDecryptError` (`CREDENTIAL_TAMPERED`).
 *
 * - Every call runs inside `withTenant` for the org it names, as the app role.
 * - Management calls are checked before anything else: `provider:configure` to store, delete
 *   and rotate, `provider:read` to list, held by a member of that org (never another org's),
 *   or the platform operator (`platformOperator()`, the only one allowed `rotateAllOrgs`).
 *   `get` is the request path's read and takes no actor.
 * - With a key configured, only ciphertext is stored. Without one, the vault decides: in
 *   production it refuses (`EncryptionKeyMissingError`) before anything is written; in
 *   development it stores plaintext only if explicitly allowed.
 * - `list` returns metadata only; `get` returns the value in a `Secret`.
 *
 * @example
 * ```ts
 * const credentials = createKyselyCredentialRepository(store, createCredentialVaultFromEnv(), { authorize: createAuthorizer(roleStore).can });
 * const ana = { id: 'ana@acme.example', orgId: 'acme', roles: ['admin'] };
 * await credentials.store({ orgId: 'acme', credentialId: 'openai-prod', name: 'OpenAI', kind: 'openai', secret: new Secret(key), actor: ana });
 * const apiKey = await credentials.get('acme', 'openai-prod'); // Secret<string> | undefined, at request time
 * ```
 */
export function createKyselyCredentialRepository(store: GatehouseStore, vault: CredentialVault, options: CredentialRepositoryOptions = {}): CredentialRepository {
  if (options.authorize !== undefined && typeof options.authorize !== 'function') {
    throw new GatehouseTypeError('options.authorize must be a function (identity, permission) => boolean, such as createAuthorizer(roleStore).can; leave it out for built-in roles.');
  }
  const authorize = options.authorize ?? builtinAuthorize;

  function requireKey(): string {
    if (vault.currentKid === undefined) {
      throw new EncryptionKeyMissingError('Cannot rotate credentials: no encryption key is loaded. Set CONNECTOR_ENCRYPTION_KEY to the new key and CONNECTOR_ENCRYPTION_KEY_PREVIOUS to the old ones.');
    }
    return vault.currentKid;
  }

  async function rotateAll(orgId: string, actor: ManagementActor): Promise<CredentialRotationResult> {
    await authorizeActor(authorize, actor, orgId, 'provider:configure');
    assertOrgId(orgId);
    requireKey();
    const { sql, withTenant } = await databaseRuntime();
    return withTenant(store, orgId, async (tenantTrx) => {
      const trx = cryptoTables(tenantTrx);
      const rows = await trx.selectFrom('credentials').select(['credential_id', 'ciphertext']).orderBy('credential_id').forUpdate().execute();
      const rotated: string[] = [];
      const failed: { credentialId: string; code: CredentialDecryptCode }[] = [];
      let current = 0;
      for (const row of rows) {
        const binding = { orgId, credentialId: row.credential_id };
        let next: string;
        try {
          const envelope = envelopeText(row.ciphertext);
          if (!vault.needsRotation(envelope)) {
            current++;
            continue;
          }
          next = vault.rotate(envelope, binding);
        } catch (error) {
          // One damaged row must not stop the others moving off an old (perhaps leaked) key.
          if (!(error instanceof CredentialDecryptError)) throw error;
          failed.push(Object.freeze({ credentialId: row.credential_id, code: error.code }));
          continue;
        }
        await trx.updateTable('credentials')
          .set({ ciphertext: encodeUtf8(next), vault_key_id: vaultKeyIdOf(next), rotated_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
          .where('credential_id', '=', row.credential_id)
          .execute();
        rotated.push(row.credential_id);
      }
      return Object.freeze({ orgId, rotated: Object.freeze(rotated), current, failed: Object.freeze(failed) });
    });
  }

  return Object.freeze({
    async store(input: StoreCredentialInput): Promise<CredentialInfo> {
      if (typeof input !== 'object' || input === null) throw new GatehouseTypeError('store() takes { orgId, credentialId, name, kind, secret }.');
      const { orgId, credentialId, name, kind } = input;
      await authorizeActor(authorize, input.actor, orgId, 'provider:configure');
      assertOrgId(orgId);
      checkCredentialId(credentialId);
      checkLabel(name, 'name', 200);
      checkLabel(kind, 'kind', 64);
      // Encrypt before touching the database: a refusing vault leaves nothing behind.
      const envelope = vault.encrypt(input.secret, { orgId, credentialId });
      const { sql, withTenant } = await databaseRuntime();
      const row = await withTenant(store, orgId, (trx) =>
        cryptoTables(trx).insertInto('credentials')
          .values({ org_id: orgId, credential_id: credentialId, name, kind, ciphertext: encodeUtf8(envelope), vault_key_id: vaultKeyIdOf(envelope) })
          .onConflict((oc) => oc.columns(['org_id', 'credential_id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            kind: eb.ref('excluded.kind'),
            ciphertext: eb.ref('excluded.ciphertext'),
            vault_key_id: eb.ref('excluded.vault_key_id'),
            updated_at: sql<Date>`now()`,
          })))
          .returning(INFO_COLUMNS)
          .executeTakeFirstOrThrow(),
      );
      return toInfo(row);
    },

    async get(orgId: string, credentialId: string): Promise<Secret<string> | undefined> {
      assertOrgId(orgId);
      checkCredentialId(credentialId);
      const { withTenant } = await databaseRuntime();
      const row = await withTenant(store, orgId, (trx) =>
        cryptoTables(trx).selectFrom('credentials').select(['org_id', 'credential_id', 'ciphertext']).where('credential_id', '=', credentialId).executeTakeFirst(),
      );
      if (!row) return undefined;
      // The binding is where the row is, so an envelope moved here from elsewhere fails.
      return vault.decryptText(envelopeText(row.ciphertext), { orgId: row.org_id, credentialId: row.credential_id });
    },

    async list(orgId: string, actor: ManagementActor): Promise<CredentialInfo[]> {
      await authorizeActor(authorize, actor, orgId, 'provider:read');
      const { withTenant } = await databaseRuntime();
      const rows = await withTenant(store, orgId, (trx) =>
        cryptoTables(trx).selectFrom('credentials').select(INFO_COLUMNS).orderBy('credential_id').execute(),
      );
      return rows.map(toInfo);
    },

    async delete(orgId: string, credentialId: string, actor: ManagementActor): Promise<boolean> {
      await authorizeActor(authorize, actor, orgId, 'provider:configure');
      checkCredentialId(credentialId);
      const { withTenant } = await databaseRuntime();
      const result = await withTenant(store, orgId, (trx) =>
        cryptoTables(trx).deleteFrom('credentials').where('credential_id', '=', credentialId).executeTakeFirst(),
      );
      return result.numDeletedRows > 0n;
    },

    rotateAll,

    async rotateAllOrgs(operator: PlatformOperator): Promise<CredentialRotationResult[]> {
      // Every org at once: no org member may, whatever its roles (platform_only).
      await authorizeActor(authorize, operator, null, 'provider:configure');
      const currentKid = requireKey();
      const { withPlatformAdmin } = await databaseRuntime();
      const orgs = await withPlatformAdmin(store, (trx) =>
        cryptoTables(trx).selectFrom('credentials').select('org_id').distinct()
          .where((eb) => eb.or([eb('vault_key_id', 'is', null), eb('vault_key_id', '<>', currentKid)]))
          .orderBy('org_id')
          .execute(),
      );
      const results: CredentialRotationResult[] = [];
      for (const { org_id } of orgs) results.push(await rotateAll(org_id, operator));
      return results;
    },
  });
}
