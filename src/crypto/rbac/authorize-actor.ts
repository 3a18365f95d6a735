import { ActorSchema, type Actor } from './actor.js';
import type { Permission } from './permissions.js';
import { isPlatformOperator, type PlatformOperator } from './platform-operator.js';
import { PermissionDeniedError } from './rbac-errors.js';
import { requirePermissions, type Authorize } from './require-permissions.js';

/** Who may call a management operation: a member of the org it acts in, or the platform operator. */
export type ManagementActor = Actor | PlatformOperator;

/** An actor as audit events record it: who, as what, and with which roles. */
export interface RecordedActor {
  readonly type: 'member' | 'platform_operator';
  readonly id: string;
  /** The member's org; `null` for the platform operator. */
  readonly orgId: string | null;
  /** The member's roles when it acted; empty for the platform operator. */
  readonly roles: readonly string[];
}

/** The actor as recorded, or `null` when `actor` is neither a valid member nor the platform operator. */
export function recordActor(actor: unknown): RecordedActor | null {
  if (isPlatformOperator(actor)) return Object.freeze({ type: 'platform_operator', id: actor.id, orgId: null, roles: Object.freeze([]) });
  const member = ActorSchema.safeParse(actor);
  if (!member.success) return null;
  return Object.freeze({ type: 'member', id: member.data.id, orgId: member.data.orgId, roles: Object.freeze([...member.data.roles]) });
}

/**
 * The check of a management operation acting in `orgId` (`null`: no org, e.g. admin keys).
 * Resolves with the actor as recorded when it may; otherwise throws {@link PermissionDeniedError}
 * and nothing may change. The platform operator may do anything; a member needs `permission`
 * (through `authorize`, so custom roles count) in `orgId` itself, never in another org, and can
 * never act outside an org (`platform_only`). A missing or malformed actor is `invalid_actor`.
 *
 * @example
 * ```ts
 * const who = await authorizeActor(builtinAuthorize, { id: 'ana', orgId: 'acme', roles: ['admin'] }, 'acme', 'keys:manage');
 * ```
 */
export async function authorizeActor(authorize: Authorize, actor: unknown, orgId: string | null, permission: Permission): Promise<RecordedActor> {
  return authorizeRecordedActor(authorize, recordActor(actor), orgId, permission);
}

/**
 * {@link authorizeActor} for an actor already passed through {@link recordActor} (`null`: it was
 * not a valid actor), so a caller that also records a denial parses the actor only once.
 */
export async function authorizeRecordedActor(authorize: Authorize, recorded: RecordedActor | null, orgId: string | null, permission: Permission): Promise<RecordedActor> {
  if (recorded === null) throw new PermissionDeniedError(permission, typeof orgId === 'string' ? orgId : null, { reason: 'invalid_actor' });
  if (recorded.type === 'platform_operator') return recorded;
  // A member acts only inside an org; anything but an org id string is platform scope.
  if (typeof orgId !== 'string') throw new PermissionDeniedError(permission, null, { reason: 'platform_only' });
  const member: Actor = { id: recorded.id, orgId: recorded.orgId as string, roles: recorded.roles };
  await requirePermissions(authorize, member, orgId, [permission]);
  return recorded;
}
