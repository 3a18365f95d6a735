import type { ColumnType, Transaction } from 'kysely';
import type { CreatedAt, GatehouseDatabase, JsonColumnWithDefault, Timestamp } from '../../tenancy/database-schema.js';

/**
 * The four tables the crypto stores use, with the columns `migrations/0004_crypto_stores.sql`
 * adds. `GatehouseDatabase` (src/tenancy) describes them as 0002 created them; the stores view a
 * tenant transaction through these types instead.
 */
export interface ApiKeyRow {
  org_id: string;
  key_id: string;
  name: string | null;
  key_hash: Uint8Array;
  scopes: JsonColumnWithDefault<string[]>;
  created_at: CreatedAt;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  client_id: string | null;
  kind: ColumnType<'tenant', 'tenant' | undefined, 'tenant'>;
  environment: ColumnType<'live' | 'test', 'live' | 'test' | undefined, 'live' | 'test'>;
  replaced_by: string | null;
}

export interface CredentialRow {
  org_id: string;
  credential_id: string;
  name: string;
  kind: string;
  /** The vault envelope string, as ASCII bytes. */
  ciphertext: Uint8Array;
  key_version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  rotated_at: Timestamp | null;
  vault_key_id: string | null;
  updated_at: CreatedAt;
}

export interface RoleRow {
  org_id: string;
  role_name: string;
  description: string | null;
  permissions: JsonColumnWithDefault<unknown>;
  created_at: CreatedAt;
}

export interface RoleBindingRow {
  org_id: string;
  role_name: string;
  subject_id: string;
  created_at: CreatedAt;
}

// A type alias, not an interface: Kysely's table-map constraint needs an index signature.
export type CryptoTables = {
  api_keys: ApiKeyRow;
  credentials: CredentialRow;
  roles: RoleRow;
  role_bindings: RoleBindingRow;
};

export type CryptoTransaction = Transaction<CryptoTables>;

/** The same transaction, typed with the 0004 columns. Nothing changes at run time. */
export function cryptoTables(trx: Transaction<GatehouseDatabase>): CryptoTransaction {
  return trx.$pickTables<keyof CryptoTables>().$omitTables<keyof CryptoTables>().$extendTables<CryptoTables>();
}
