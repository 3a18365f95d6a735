/**
 * `gatehouse/crypto`: credentials, keys and identity.
 *
 * - {@link Secret}: a wrapper that prints as `[REDACTED]` everywhere.
 * - The credential vault: AES-256-GCM envelopes bound to org and credential, with key rotation.
 * - Secret sources: environment, secret files, AWS Secrets Manager.
 * - License keys: Ed25519-signed `GH1.` tokens and feature gates that only read verified licenses.
 * - API keys: `gh_live_` / `gh_test_` / `gh_admin_` keys stored as SHA-256 digests, Basic auth.
 * - RBAC: built-in and custom roles, `can(identity, permission)`, and the checks key and
 *   credential management make (`keys:manage`, `provider:configure`, …) of an org member or the
 *   platform operator.
 *
 * Pure apart from `node:crypto` and `node:fs`: it loads no database driver. Storage plugs in
 * through the `ApiKeyStore` and `RoleStore` interfaces and the envelope strings the vault
 * returns. The database implementations (`createKyselyApiKeyStore`, `createKyselyApiKeyLookup`,
 * `createKyselyCredentialRepository`, `createKyselyRoleStore`) take a store from
 * `gatehouse/tenancy` and load Kysely only when first called.
 *
 * @example
 * ```ts
 * import { createCredentialVaultFromEnv, Secret } from 'gatehouse/crypto';
 *
 * const vault = createCredentialVaultFromEnv();
 * const stored = vault.encrypt(new Secret(openAiKey), { orgId: 'acme', credentialId: 'openai' });
 * const key = vault.decryptText(stored, { orgId: 'acme', credentialId: 'openai' });
 * console.log(key);        // [REDACTED]
 * client.apiKey = key.expose();
 * ```
 *
 * @packageDocumentation
 */

// Secret hygiene
export { Secret, isSecret } from './secret.js';
export { constantTimeEqual } from './constant-time.js';
export type { CryptoLogger } from './logger.js';

// Credential vault
export {
  createCredentialVault, createCredentialVaultFromEnv,
  type CredentialVault, type CredentialVaultOptions, type CredentialPlaintext,
} from './vault/credential-vault.js';
export { type CredentialBinding, associatedData } from './vault/associated-data.js';
export {
  ENVELOPE_VERSION, PLAINTEXT_ENVELOPE_VERSION, formatEnvelope, parseEnvelope,
  type CredentialEnvelope, type SealedEnvelope, type PlaintextEnvelope,
} from './vault/envelope.js';
export { ENCRYPTION_KEY_BYTES, parseEncryptionKey, deriveKeyId, type VaultKey } from './vault/encryption-key.js';
export {
  ENCRYPTION_KEY_VARIABLE, PREVIOUS_KEYS_VARIABLE, createKeyring, keyringFromValues, loadKeyring, loadKeyringFromEnv,
  type Keyring,
} from './vault/keyring.js';
export { aesGcmSeal, aesGcmOpen } from './vault/aes-gcm.js';
export {
  EncryptionKeyError, EncryptionKeyMissingError, CredentialDecryptError,
  type EncryptionKeyProblem, type CredentialDecryptCode,
} from './vault/vault-errors.js';

// Secret sources
export type { SecretSource } from './secret-sources/secret-source.js';
export { SecretSourceError, type SecretSourceErrorCode } from './secret-sources/secret-source-error.js';
export { envSecretSource, type EnvSecretSourceOptions } from './secret-sources/env-secret-source.js';
export { fileSecretSource, type FileSecretSourceOptions } from './secret-sources/file-secret-source.js';
export {
  awsSecretsManagerSource,
  type AwsSecretsManagerSourceOptions, type SecretsManagerClientLike, type GetSecretValueInput, type GetSecretValueOutput,
} from './secret-sources/aws-secrets-manager-source.js';
export { chainSecretSources } from './secret-sources/chain-secret-sources.js';

// License keys
export { LICENSE_TIERS, LicensePayloadSchema, type LicenseTier, type LicensePayload } from './license/license-payload.js';
export { signLicense, buildLicensePayload, type LicenseInput } from './license/sign-license.js';
export { verifyLicense, type VerifyLicenseOptions } from './license/verify-license.js';
export { hasFeature, licenseLimit, isVerifiedLicense, type VerifiedLicense } from './license/verified-license.js';
export {
  LICENSE_PUBLIC_KEY_PREFIX, LICENSE_SECRET_KEY_PREFIX, generateLicenseKeyPair, parseLicensePublicKey, formatLicensePublicKey, licenseKeyId,
  type LicenseKeyPair, type LicensePublicKey,
} from './license/license-keys.js';
export { LICENSE_TOKEN_PREFIX } from './license/license-token.js';
export { ed25519Sign, ed25519Verify, ed25519PublicKey } from './license/ed25519.js';
export { LicenseError, LicenseKeyError, type LicenseFailureReason } from './license/license-error.js';
export {
  runLicenseCli, nodeLicenseCliIo, LICENSE_SECRET_KEY_VARIABLE, LICENSE_PUBLIC_KEYS_VARIABLE, type LicenseCliIo,
} from './license/license-cli.js';

// API keys and authentication
export {
  API_KEY_PREFIXES, generateApiKey, parseApiKey, isWellFormedApiKey, apiKeyDigest,
  type ApiKeyKind, type ApiKeyEnvironment, type ParsedApiKey,
} from './api-keys/api-key-format.js';
export type { ApiKeyRecord, ApiKeyLookup, ApiKeyStore, ApiKeyPatch } from './api-keys/api-key-store.js';
export { createMemoryApiKeyStore } from './api-keys/memory-api-key-store.js';
export {
  createApiKeyManager, CLIENT_ID_PATTERN,
  type ApiKeyManager, type ApiKeyManagerOptions, type ApiKeySummary, type ApiKeyEvent, type ApiKeyChangeEvent, type ApiKeyDeniedEvent,
  type ApiKeyOperation, type ApiKeyAuditSink, type CreateApiKeyInput,
} from './api-keys/api-key-manager.js';
export { verifyApiKey, type VerifyApiKeyOptions, type VerifiedApiKey } from './api-keys/verify-api-key.js';
export { parseBasicAuth, type BasicCredentials } from './api-keys/basic-auth.js';
export { authenticate, type AuthenticateOptions, type TenantCaller, type AdminCaller, type AuthScheme } from './api-keys/authenticate.js';
export { resolveRequestOrg } from './api-keys/request-org.js';
export {
  AuthenticationError, OrgMismatchError, ApiKeyNotFoundError, ApiKeyOptionError, type AuthenticationFailure,
} from './api-keys/api-key-errors.js';

// RBAC
export { PERMISSIONS, PERMISSION_DESCRIPTIONS, isPermission, type Permission } from './rbac/permissions.js';
export { BUILTIN_ROLES, BUILTIN_ROLE_PERMISSIONS, isBuiltinRole, type BuiltinRole } from './rbac/builtin-roles.js';
export { CustomRoleSchema, defineCustomRole, type CustomRole } from './rbac/custom-role.js';
export type { RoleStore } from './rbac/role-store.js';
export { createMemoryRoleStore } from './rbac/memory-role-store.js';
export { can, type Identity } from './rbac/can.js';
export { createAuthorizer, type Authorizer } from './rbac/authorizer.js';
export { PermissionDeniedError, RoleDefinitionError, type PermissionDenialReason } from './rbac/rbac-errors.js';
export { ActorSchema, type Actor } from './rbac/actor.js';
export { builtinAuthorize, requirePermissions, type Authorize } from './rbac/require-permissions.js';
export { platformOperator, isPlatformOperator, type PlatformOperator } from './rbac/platform-operator.js';
export { authorizeActor, recordActor, type ManagementActor, type RecordedActor } from './rbac/authorize-actor.js';

// Database stores over a Gatehouse store (gatehouse/tenancy). They load Kysely only when first
// used, so importing this module still loads no database driver.
export { createKyselyApiKeyLookup } from './stores/kysely-api-key-lookup.js';
export { createKyselyApiKeyStore } from './stores/kysely-api-key-store.js';
export {
  createKyselyCredentialRepository,
  type CredentialRepository, type CredentialRepositoryOptions, type CredentialInfo, type StoreCredentialInput, type CredentialRotationResult,
} from './stores/kysely-credential-repository.js';
export { createKyselyRoleStore, type KyselyRoleStore } from './stores/kysely-role-store.js';
export { InvalidIdentifierError, RoleNotFoundError } from './stores/store-errors.js';
