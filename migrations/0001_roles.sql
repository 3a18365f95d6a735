-- Roles and schema access.
--
-- {{app_role}}    runs every request. NOBYPASSRLS, never a superuser, owns nothing.
-- {{owner_role}}  owns the tables. NOBYPASSRLS too, and FORCE ROW LEVEL SECURITY holds it to
--                 the same tenant policy, so owning a table is no way round isolation.
-- {{admin_role}}  BYPASSRLS: tenant provisioning, erasure, retention. Never used by a request.
--
-- Roles are cluster-global: another schema's migration (a parallel test file, another app on
-- the same server) may be creating them at this very moment. The advisory lock serialises
-- migrators within this database; the exception handlers cover one in another database.
SELECT pg_advisory_xact_lock(hashtextextended('gatehouse.roles', 0));

DO $$
BEGIN
  CREATE ROLE {{app_role}} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

DO $$
BEGIN
  CREATE ROLE {{owner_role}} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

DO $$
BEGIN
  CREATE ROLE {{admin_role}} NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- A role that already existed may have been altered. Refuse attributes that break isolation
-- rather than trusting a name.
DO $$
DECLARE
  bad text;
BEGIN
  SELECT string_agg(format('%s (superuser=%s, bypassrls=%s)', rolname, rolsuper, rolbypassrls), ', ')
    INTO bad
    FROM pg_roles
   WHERE rolname IN ({{app_role:literal}}, {{owner_role:literal}})
     AND (rolsuper OR rolbypassrls);
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'Gatehouse role(s) % can bypass row-level security; run ALTER ROLE ... NOSUPERUSER NOBYPASSRLS first', bad;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {{admin_role:literal}} AND (rolbypassrls OR rolsuper)) THEN
    RAISE EXCEPTION 'Gatehouse platform admin role % exists without BYPASSRLS; run ALTER ROLE ... BYPASSRLS first', {{admin_role:literal}};
  END IF;
END $$;

-- A migrator that is not a superuser (a managed service's admin user) must be a member of the
-- roles to hand tables to the owner and to SET ROLE to the app and admin roles.
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    IF NOT pg_has_role(current_user, {{app_role:literal}}, 'MEMBER') THEN GRANT {{app_role}} TO CURRENT_USER; END IF;
    IF NOT pg_has_role(current_user, {{owner_role:literal}}, 'MEMBER') THEN GRANT {{owner_role}} TO CURRENT_USER; END IF;
    IF NOT pg_has_role(current_user, {{admin_role:literal}}, 'MEMBER') THEN GRANT {{admin_role}} TO CURRENT_USER; END IF;
  END IF;
END $$;

GRANT USAGE ON SCHEMA {{schema}} TO {{app_role}}, {{admin_role}};
GRANT USAGE, CREATE ON SCHEMA {{schema}} TO {{owner_role}};
