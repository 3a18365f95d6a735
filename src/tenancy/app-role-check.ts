/**
 * Before the app connection serves a request, Gatehouse checks who it really is. A role that is
 * a superuser or has BYPASSRLS ignores every tenant policy, so finding one is an error, never a
 * warning: fail closed.
 */
import { CompiledQuery, type DatabaseConnection } from 'kysely';
import { UnsafeAppRoleError } from './errors.js';

const CHECK_SQL =
  'select current_user::text as "current_user", r.rolsuper as superuser, r.rolbypassrls as bypassrls ' +
  'from pg_roles r where r.rolname = current_user';

interface RoleRow {
  current_user: string;
  superuser: boolean;
  bypassrls: boolean;
}

/** Runs the check on `connection` (already acting as the app role) and throws if it fails. */
export async function assertSafeAppRole(connection: DatabaseConnection, appRole: string): Promise<void> {
  const { rows } = await connection.executeQuery<RoleRow>(CompiledQuery.raw(CHECK_SQL, []));
  const row = rows[0];
  if (row === undefined) throw new UnsafeAppRoleError('Could not read the app connection\'s role from pg_roles.');
  if (row.current_user !== appRole) {
    throw new UnsafeAppRoleError(
      `The app connection runs as role "${row.current_user}", not the configured app role "${appRole}". ` +
        'If appUrl is set, it must log in as the app role; a connection string "options" parameter must not override the role.',
    );
  }
  if (row.superuser || row.bypassrls) {
    throw new UnsafeAppRoleError(
      `The app role "${appRole}" can bypass row-level security (superuser=${row.superuser}, bypassrls=${row.bypassrls}). ` +
        `Run ALTER ROLE ${appRole} NOSUPERUSER NOBYPASSRLS.`,
    );
  }
}
