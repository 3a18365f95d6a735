-- The API-key lookup returns only what resolving a key to its org needs: the org id and the
-- key's SHA-256 digest. Everything else about the key (client, environment, expiry,
-- revocation) is then read under that org's row-level security, as the app role.
DROP FUNCTION {{schema}}.lookup_api_key(text);

CREATE FUNCTION {{schema}}.lookup_api_key(presented_key_id text)
  RETURNS TABLE (org_id text, key_hash bytea)
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
    SELECT k.org_id::text, k.key_hash
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
