/**
 * The inputs of request, review, override and waitFor as zod schemas; every bad field is
 * reported by path in one {@link InvalidApprovalRequestError}.
 */
import { z } from 'zod';
import type { Decision } from '../../pdp/decision.js';
import { ORG_ID_PATTERN } from '../../org-id-format.js';
import { ActorSchema, type Actor } from '../access/actor.js';
import { InvalidApprovalRequestError } from './approval-errors.js';
import { DecisionForApprovalSchema } from './decision-summary.js';

const OrgId = z.string().regex(ORG_ID_PATTERN, 'must be 1-128 characters of A-Z a-z 0-9 _ . : -');
const ApprovalId = z.string().uuid('must be the approval id (a UUID) that request() returned');
const Justification = z.string().trim().min(1, 'must say why').max(2000);
const MAX_TTL_MS = 30 * 24 * 3_600_000;

export interface RequestApprovalInput {
  orgId: string;
  /** The `require_approval` decision of the pdp. */
  decision: Decision;
  /** Who made the call that needs approval (a user or client id); null when anonymous. */
  requestedBy?: string | null;
  reason?: string;
  /** How long reviewers have; default the service's `defaultTtlMs`. */
  ttlMs?: number;
}

export interface ReviewInput {
  orgId: string;
  approvalId: string;
  /** Needs `hitl:approve` in `orgId`; `id` is recorded as the reviewer. */
  reviewer: Actor;
  justification: string;
}

export interface OverrideInput {
  orgId: string;
  approvalId: string;
  /** Needs `hitl:approve` and `policy:write` (built-in: admin, owner). */
  admin: Actor;
  /** What the call may do from now on, whatever the approval's state was. */
  outcome: 'allow' | 'deny';
  justification: string;
}

export interface WaitOptions {
  /** Give up after this long (ms) with `ApprovalWaitTimeoutError`. */
  timeoutMs: number;
  signal?: AbortSignal;
}

const RequestSchema = z.object({
  orgId: OrgId,
  decision: DecisionForApprovalSchema,
  requestedBy: z.string().trim().min(1, 'must name who made the call, or be null').max(256).nullish(),
  reason: z.string().max(2000).optional(),
  ttlMs: z.number().int().positive().max(MAX_TTL_MS).optional(),
}).superRefine((v, ctx) => {
  if (v.decision.identity.orgId !== null && v.decision.identity.orgId !== v.orgId) {
    ctx.addIssue({ code: 'custom', path: ['decision', 'identity', 'orgId'], message: 'is another org than orgId; request the approval in the decision\'s org' });
  }
});

const ReviewSchema = z.object({ orgId: OrgId, approvalId: ApprovalId, reviewer: ActorSchema, justification: Justification });
const OverrideSchema = z.object({ orgId: OrgId, approvalId: ApprovalId, admin: ActorSchema, outcome: z.enum(['allow', 'deny']), justification: Justification });
const TargetSchema = z.object({ orgId: OrgId, approvalId: ApprovalId });
const WaitSchema = z.object({ timeoutMs: z.number().int().positive().max(MAX_TTL_MS), signal: z.instanceof(AbortSignal).optional() });

function parse<T extends z.ZodType>(schema: T, operation: string, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidApprovalRequestError(operation, parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })));
  }
  return parsed.data;
}

export const parseRequest = (input: unknown) => parse(RequestSchema, 'request', input);
export const parseReview = (input: unknown) => parse(ReviewSchema, 'review', input);
export const parseOverride = (input: unknown) => parse(OverrideSchema, 'override', input);
export const parseTarget = (orgId: unknown, approvalId: unknown) => parse(TargetSchema, 'lookup', { orgId, approvalId });
export const parseWait = (options: unknown) => parse(WaitSchema, 'wait', options ?? {});
