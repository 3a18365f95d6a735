/**
 * The decide route's fast path: the fields of a well-formed `POST /api/v1/decide` body, checked
 * by hand in a fraction of zod's time. It accepts only bodies that `DecideBodySchema` accepts,
 * and gives the same values for the fields the route reads; anything else (a messages array, a
 * tool call's arguments, any field that is missing, mistyped or out of range) returns
 * `undefined`, and the route asks zod, which also words the 400's issues.
 */
import { STAGES, type Stage } from '../../pdp/policy-schema.js';
import { MAX_ID_LENGTH, MAX_NAME_LENGTH } from './decide-limits.js';

/** The fields of a decide body the route reads, as `DecideBodySchema` would output them. */
export interface DecideBodyFields {
  stage: Stage;
  query: string;
  caller_identity?: { user_id?: string; roles?: string[] };
  target?: { type: 'model' | 'tool' | 'mcp'; model?: string; provider?: string; server?: string; tool?: string };
  context?: Record<string, unknown>;
  include_restore_tokens?: boolean;
}

const TARGET_TYPES: readonly string[] = ['model', 'tool', 'mcp'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent, or a string of `min` to `max` UTF-16 units (zod's `string().min().max()`). */
function optionalString(value: unknown, min: number, max: number): boolean {
  return value === undefined || (typeof value === 'string' && value.length >= min && value.length <= max);
}

function callerIdentityOk(value: Record<string, unknown>): boolean {
  const roles = value.roles;
  if (roles !== undefined) {
    if (!Array.isArray(roles) || roles.length > MAX_ID_LENGTH) return false;
    for (const role of roles) if (typeof role !== 'string' || role.length < 1 || role.length > MAX_ID_LENGTH) return false;
  }
  return optionalString(value.user_id, 1, MAX_ID_LENGTH) && optionalString(value.org_id, 0, Infinity) && optionalString(value.client_id, 0, Infinity);
}

function targetOk(value: Record<string, unknown>): boolean {
  const type = value.type === undefined ? 'model' : value.type;
  if (typeof type !== 'string' || !TARGET_TYPES.includes(type)) return false;
  if (!optionalString(value.model, 1, MAX_NAME_LENGTH) || !optionalString(value.provider, 1, MAX_NAME_LENGTH) || !optionalString(value.server, 1, MAX_NAME_LENGTH) || !optionalString(value.tool, 1, MAX_NAME_LENGTH)) return false;
  // DecideTargetSchema's refinements: tool and mcp targets name the tool, mcp ones the server.
  return (type === 'model' || value.tool !== undefined) && (type !== 'mcp' || value.server !== undefined);
}

/**
 * The body's fields when it is a well-formed decide body with a text `query`; `undefined` when
 * zod must look at it.
 *
 * @example
 * ```ts
 * const fields = wellFormedDecideBody(JSON.parse(text)) ?? DecideBodySchema.parse(JSON.parse(text));
 * ```
 */
export function wellFormedDecideBody(body: unknown): DecideBodyFields | undefined {
  if (!isObject(body)) return undefined;
  const { stage, query, caller_identity: identity, target, context, org_id: orgId, include_restore_tokens: restore } = body;
  if (typeof stage !== 'string' || !(STAGES as readonly string[]).includes(stage) || typeof query !== 'string') return undefined;
  if (!optionalString(orgId, 0, Infinity) || (restore !== undefined && typeof restore !== 'boolean')) return undefined;
  if (identity !== undefined && (!isObject(identity) || !callerIdentityOk(identity))) return undefined;
  if (target !== undefined && (!isObject(target) || !targetOk(target))) return undefined;
  // zod copies a record without an own "__proto__" key; such a context takes the slow path.
  if (context !== undefined && (!isObject(context) || Object.hasOwn(context, '__proto__'))) return undefined;

  const fields: DecideBodyFields = { stage: stage as Stage, query };
  if (identity !== undefined) {
    fields.caller_identity = {
      ...(identity.user_id !== undefined ? { user_id: identity.user_id as string } : {}),
      ...(identity.roles !== undefined ? { roles: [...(identity.roles as string[])] } : {}),
    };
  }
  if (target !== undefined) {
    const { model, provider, server, tool } = target as Record<string, string | undefined>;
    fields.target = {
      type: (target.type === undefined ? 'model' : target.type) as 'model' | 'tool' | 'mcp',
      ...(model !== undefined ? { model } : {}),
      ...(provider !== undefined ? { provider } : {}),
      ...(server !== undefined ? { server } : {}),
      ...(tool !== undefined ? { tool } : {}),
    };
  }
  if (context !== undefined) fields.context = context;
  if (restore !== undefined) fields.include_restore_tokens = restore as boolean;
  return fields;
}
