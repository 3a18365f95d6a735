/**
 * The inputs of trip, reset and recordViolation, as zod schemas: every bad field is reported by
 * path in one {@link InvalidBreakerRequestError}.
 */
import { z } from 'zod';
import { ORG_ID_PATTERN } from '../../org-id-format.js';
import { ActorSchema, type Actor } from '../access/actor.js';
import { InvalidBreakerRequestError } from './breaker-errors.js';
import { BREAKER_SCOPES, type BreakerScope } from './breaker-tables.js';

const OrgId = z.string().regex(ORG_ID_PATTERN, 'must be 1-128 characters of A-Z a-z 0-9 _ . : -');
const Scope = z.enum(BREAKER_SCOPES);
const Key = z.string().min(1, 'must not be empty').max(256);
const Reason = z.string().trim().min(1, 'must say why').max(1000);

/** Shared by all three: an org breaker's key is the org itself (that is what the engine matches). */
const Target = z.object({ orgId: OrgId, scope: Scope, key: Key.optional() });
type TargetInput = z.infer<typeof Target>;

function checkKey(value: TargetInput, ctx: z.RefinementCtx): void {
  if (value.scope === 'org' && value.key !== undefined && value.key !== value.orgId) {
    ctx.addIssue({ code: 'custom', path: ['key'], message: 'an org breaker\'s key is its orgId; leave key out' });
  }
  if (value.scope !== 'org' && value.key === undefined) {
    ctx.addIssue({ code: 'custom', path: ['key'], message: `a ${value.scope} breaker needs a key (the ${value.scope} to stop)` });
  }
}

const TripSchema = Target.extend({
  actor: ActorSchema,
  reason: Reason,
  expiresAt: z.union([z.date(), z.iso.datetime({ offset: true })]).optional(),
  durationMs: z.number().int().positive().max(366 * 24 * 3_600_000).optional(),
}).superRefine((value, ctx) => {
  checkKey(value, ctx);
  if (value.expiresAt !== undefined && value.durationMs !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['durationMs'], message: 'give expiresAt or durationMs, not both' });
  }
});

const ResetSchema = Target.extend({ actor: ActorSchema, reason: Reason }).superRefine(checkKey);
const ViolationSchema = Target.superRefine(checkKey);

export interface BreakerTarget {
  orgId: string;
  scope: BreakerScope;
  /** The client id, policy id, model or tool name. Leave it out for an org breaker. */
  key?: string;
}

export interface TripInput extends BreakerTarget {
  actor: Actor;
  reason: string;
  /** When the breaker closes by itself. Without it (and without `durationMs`) it stays tripped until reset. */
  expiresAt?: Date | string;
  durationMs?: number;
}

export interface ResetInput extends BreakerTarget {
  actor: Actor;
  reason: string;
}

export interface ParsedTarget {
  orgId: string;
  scope: BreakerScope;
  key: string;
}

function parse<T extends z.ZodType>(schema: T, operation: string, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidBreakerRequestError(operation, parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })));
  }
  return parsed.data;
}

const keyOf = (t: TargetInput): string => t.key ?? t.orgId;

/** A validated trip, with its expiry resolved against `now` (which it must be after). */
export function parseTrip(input: unknown, now: number): ParsedTarget & { actor: Actor; reason: string; expiresAt: Date | null } {
  const t = parse(TripSchema, 'trip', input);
  let expiresAt: Date | null = null;
  if (t.durationMs !== undefined) expiresAt = new Date(now + t.durationMs);
  else if (t.expiresAt !== undefined) expiresAt = new Date(t.expiresAt);
  if (expiresAt !== null && !(expiresAt.getTime() > now)) {
    throw new InvalidBreakerRequestError('trip', [{ path: ['expiresAt'], message: 'is not in the future; leave it out to trip until reset' }]);
  }
  return { orgId: t.orgId, scope: t.scope, key: keyOf(t), actor: t.actor, reason: t.reason, expiresAt };
}

export function parseReset(input: unknown): ParsedTarget & { actor: Actor; reason: string } {
  const r = parse(ResetSchema, 'reset', input);
  return { orgId: r.orgId, scope: r.scope, key: keyOf(r), actor: r.actor, reason: r.reason };
}

export function parseViolation(input: unknown): ParsedTarget {
  const v = parse(ViolationSchema, 'violation', input);
  return { orgId: v.orgId, scope: v.scope, key: keyOf(v) };
}
