/**
 * Who performs a management action (reviewing an approval, tripping a breaker, revoking an API
 * key, storing a provider credential): an RBAC identity (org + roles) plus the id history records.
 */
import { z } from 'zod';
import { ORG_ID_PATTERN } from '../../org-id-format.js';
import type { Identity } from './can.js';

/** An org member acting on the org's state. `id` is recorded in the history; `roles` are checked. */
export interface Actor extends Identity {
  /** A user id, service name or email: recorded as is, so never a secret. */
  readonly id: string;
}

/** The shape an {@link Actor} must have; a value that fails it is refused, never coerced. */
export const ActorSchema = z.object({
  id: z.string().trim().min(1, 'must name who is acting').max(256),
  orgId: z.string().regex(ORG_ID_PATTERN, 'must be an org id'),
  roles: z.array(z.string().max(256)).max(256),
});
