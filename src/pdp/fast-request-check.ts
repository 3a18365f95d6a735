import { ORG_ID_PATTERN } from '../org-id-format.js';
import { STAGES } from './policy-schema.js';
import type { DecisionRequest } from './request-schema.js';

/**
 * A hand-written check for the common request shapes, so that a valid request does not pay
 * for a full zod parse on every decision. It only ever says "valid" for input the zod schema
 * accepts unchanged (a property test holds it to that); for anything unusual (unknown keys,
 * content-part arrays, class instances, a wrong type) it answers `undefined` and the caller
 * falls back to `DecisionRequestSchema`, which stays the single source of truth and produces
 * the error messages.
 */
const KNOWN = new Set(['orgId', 'clientId', 'userId', 'roles', 'stage', 'text', 'messages', 'tool', 'model', 'provider', 'attributes', 'traceId']);
const STAGE_SET: ReadonlySet<string> = new Set(STAGES);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const str = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
const optStr = (v: unknown, min: number, max: number): boolean => v === undefined || str(v, min, max);

function messagesOk(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const m = v[i];
    if (!isPlainObject(m) || !str(m.role, 1, 64)) return false;
    // Only string or null content here; content-part arrays take the zod path.
    if (m.content !== null && typeof m.content !== 'string') return false;
    if (!Object.hasOwn(m, 'content')) return false;
  }
  return true;
}

/** The request, when it is plainly valid; `undefined` when zod must decide. */
export function fastRequestCheck(raw: unknown): DecisionRequest | undefined {
  if (!isPlainObject(raw)) return undefined;
  for (const key in raw) if (!KNOWN.has(key)) return undefined;
  if (typeof raw.orgId !== 'string' || !ORG_ID_PATTERN.test(raw.orgId)) return undefined;
  if (typeof raw.stage !== 'string' || !STAGE_SET.has(raw.stage)) return undefined;
  if (!optStr(raw.clientId, 1, 256) || !optStr(raw.userId, 1, 256)) return undefined;
  if (!optStr(raw.text, 0, Infinity) || !optStr(raw.model, 0, 500) || !optStr(raw.provider, 0, 500) || !optStr(raw.traceId, 0, 256)) return undefined;
  if (raw.roles !== undefined) {
    if (!Array.isArray(raw.roles) || raw.roles.length > 256) return undefined;
    for (const r of raw.roles) if (!str(r, 1, 256)) return undefined;
  }
  if (raw.messages !== undefined && !messagesOk(raw.messages)) return undefined;
  if (raw.tool !== undefined) {
    const t = raw.tool;
    if (!isPlainObject(t) || !str(t.name, 1, 500) || !optStr(t.server, 1, 500)) return undefined;
    for (const key in t) if (key !== 'name' && key !== 'server' && key !== 'args') return undefined;
  }
  if (raw.attributes !== undefined && !isPlainObject(raw.attributes)) return undefined;
  return raw as DecisionRequest;
}
