-- Credentials, keys and identity (src/crypto/stores): the columns the crypto layer's records
-- need, and the one narrow way to find an API key's org before any org context exists.

-- API keys ----------------------------------------------------------------------------------
-- The crypto layer's ApiKeyRecord: who uses the key (the Basic-auth user), its environment and
-- its successor after a rotation. kind is always 'tenant': admin keys belong to no org, so they
-- can never live in a tenant table, and a row written under some org's RLS context can never
-- authenticate on an admin route.
ALTER TABLE {{schema}}.api_keys
  ADD COLUMN client_id   text CONSTRAINT api_keys_client_id_format CHECK (client_id ~ '^[A-Za-z0-9_.@-]{1,128}$'),
  ADD COLUMN kind        text NOT NULL DEFAULT 'tenant' CONSTRAINT api_keys_tenant_only CHECK (kind = 'tenant'),
  ADD COLUMN environment text NOT NULL DEFAULT 'live' CONSTRAINT api_keys_environment CHECK (environment IN ('live', 'test')),
  ADD COLUMN replaced_by text,
  ALTER COLUMN name DROP NOT NULL;

-- A presented key is found by its key id alone, so the ids the lookup accepts (12 base62
-- characters, the format of src/crypto/api-keys) are unique across orgs: one id in, at most one
-- row out. Key ids are random and public, so the cross-org uniqueness check reveals nothing.
CREATE UNIQUE INDEX api_keys_key_id_lookup_idx ON {{schema}}.api_keys (key_id)
  WHERE key_id ~ '^[0-9A-Za-z]{12}$';

-- The owner role is held to the tenant policy too (FORCE), so the lookup function below, which
-- runs as the owner, could see nothing. This widens the policy by exactly one row: the key id
-- the function has just put in gatehouse.api_key_lookup, and only while the current user is the
-- owner (which the app role can never become). The app role setting that variable gains nothing.
-- Writes (WITH CHECK) keep the plain tenant rule.
ALTER POLICY tenant_isolation ON {{schema}}.api_keys
  USING (
    org_id = current_setting('app.current_org_id', true)
    OR (current_user = {{owner_role:literal}} AND key_id = nullif(current_setting('gatehouse.api_key_lookup', true), ''))
  );

-- The request path's only cross-org read. SECURITY DEFINER so that the app role needs no right
-- to the table; search_path pinned so that no object of the caller's can stand in for one here.
-- It takes the public key id, never the secret or its digest: the secret is compared in the
-- application with a constant-time comparison, not with "=" in SQL. Malformed ids (and with
-- them "%", "" and every pattern) return nothing; equality on a unique column returns at most
-- one row. It returns no name, no creation time and only whether the key is revoked.
CREATE FUNCTION {{schema}}.lookup_api_key(presented_key_id text)
  RETURNS TABLE (org_id text, client_id text, kind text, environment text, expires_at timestamptz, revoked boolean, key_hash bytea)
  LANGUAGE plpgsql
  VOLATILE
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  ROWS 1
AS $lookup$
BEGIN
  IF presented_key_id IS NULL OR presented_key_id !~ '^[0-9A-Za-z]{12}$' THEN
    RETURN;
  END IF;
  PERFORM set_config('gatehouse.api_key_lookup', presented_key_id, true);
  RETURN QUERY
    SELECT k.org_id::text, k.client_id, k.kind, k.environment, k.expires_at, k.revoked_at IS NOT NULL, k.key_hash
      FROM {{schema}}.api_keys AS k
     WHERE k.key_id = presented_key_id
       AND k.key_id ~ '^[0-9A-Za-z]{12}$'
       AND k.client_id IS NOT NULL
     LIMIT 1;
  PERFORM set_config('gatehouse.api_key_lookup', '', true);
END
$lookup$;

ALTER FUNCTION {{schema}}.lookup_api_key(text) OWNER TO {{owner_role}};
REVOKE ALL ON FUNCTION {{schema}}.lookup_api_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {{schema}}.lookup_api_key(text) TO {{app_role}};

-- Credentials -------------------------------------------------------------------------------
-- ciphertext holds the vault envelope as ASCII bytes: ghv1.<kid>.<nonce>.<ciphertext+tag>, its
-- AAD binding the org id and credential id (a development-only ghplain. envelope when no key is
-- configured and plaintext was explicitly allowed). vault_key_id is the envelope's key id (NULL
-- for plaintext), so rotation can find the rows an old key still protects.
ALTER TABLE {{schema}}.credentials
  ADD COLUMN vault_key_id text CONSTRAINT credentials_vault_key_id_format CHECK (vault_key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
  ADD COLUMN updated_at   timestamptz NOT NULL DEFAULT now();
CREATE INDEX credentials_vault_key_id_idx ON {{schema}}.credentials (vault_key_id);

-- RBAC --------------------------------------------------------------------------------------
-- Custom roles keep their permissions as a JSON array of permission names.
ALTER TABLE {{schema}}.roles
  ADD CONSTRAINT roles_permissions_array CHECK (jsonb_typeof(permissions) = 'array');

-- A binding names a built-in role (owner, approver, ...) or one of the org's custom roles.
-- Built-in roles have no row in roles, so the foreign key gives way to a name check; the role
-- store deletes a custom role's bindings with it, in one transaction.
ALTER TABLE {{schema}}.role_bindings DROP CONSTRAINT role_bindings_org_id_role_name_fkey;
ALTER TABLE {{schema}}.role_bindings
  ADD CONSTRAINT role_bindings_role_name_format CHECK (role_name ~ '^[a-z][a-z0-9_]{0,63}$');
CREATE INDEX role_bindings_subject_idx ON {{schema}}.role_bindings (org_id, subject_id);
