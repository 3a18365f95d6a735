import { GatehouseError } from '../../errors.js';

/** Why a caller was not authenticated. For logs and audit; tell the caller only "401". */
export type AuthenticationFailure =
  | 'missing_credentials'
  | 'malformed_credentials'
  | 'wrong_key_kind'
  | 'wrong_environment'
  | 'unknown_key'
  | 'invalid_secret'
  | 'client_mismatch'
  | 'revoked'
  | 'expired';

/**
 * A request's credentials were missing or did not authenticate. `code` is always
 * `UNAUTHENTICATED` (HTTP 401); `reason` says why, and `keyId` names the key when the
 * presented value had one (key ids are public; the secret part is never included).
 * Respond with a plain 401 and log `reason`: telling the caller which check failed helps an
 * attacker more than a legitimate user.
 *
 * @example
 * ```ts
 * try { caller = await authenticate(req.headers.authorization, { kind: 'tenant', lookup }) }
 * catch (e) { if (e instanceof AuthenticationError) { audit(e.reason, e.keyId); return res.sendStatus(401) } throw e }
 * ```
 */
export class AuthenticationError extends GatehouseError {
  declare readonly code: 'UNAUTHENTICATED';
  readonly reason: AuthenticationFailure;
  readonly keyId: string | undefined;
  readonly status = 401;
  constructor(reason: AuthenticationFailure, message: string, keyId?: string) {
    super('UNAUTHENTICATED', message);
    this.reason = reason;
    this.keyId = keyId;
  }
}

/**
 * The org named in a request differs from the org of the credentials that sent it. The
 * credentials always win; the request is refused (HTTP 403) and should be audited with
 * `credentialOrgId` and `requestedOrgId`.
 */
export class OrgMismatchError extends GatehouseError {
  declare readonly code: 'ORG_MISMATCH';
  readonly status = 403;
  readonly credentialOrgId: string;
  readonly requestedOrgId: string;
  constructor(credentialOrgId: string, requestedOrgId: string) {
    super('ORG_MISMATCH', `The request names org "${requestedOrgId}" but its credentials belong to org "${credentialOrgId}". Remove the org from the request, or use that org's key.`);
    this.credentialOrgId = credentialOrgId;
    this.requestedOrgId = requestedOrgId;
  }
}

/** A key management call named a key that does not exist in the caller's org. */
export class ApiKeyNotFoundError extends GatehouseError {
  declare readonly code: 'API_KEY_NOT_FOUND';
  constructor(keyId: string) {
    super('API_KEY_NOT_FOUND', `No API key with id "${keyId}" exists in this org.`);
  }
}

/** A key management call had an invalid argument (client id, expiry, overlap window). */
export class ApiKeyOptionError extends GatehouseError {
  declare readonly code: 'API_KEY_OPTION_INVALID';
  constructor(message: string) {
    super('API_KEY_OPTION_INVALID', message);
  }
}
