/**
 * Binds an approval to the request it was granted for, so that an approved id cannot carry a
 * different prompt or tool call through. The digest covers the requester and the *redacted*
 * input (what the reviewer sees), never the raw values, so the approval's reason leaks nothing
 * the approval record does not already show.
 */
import { createHash } from 'node:crypto';
import type { GuardInput } from '../guard/safe-input.js';
import type { Identity } from '../guard/gatehouse-core.js';
import { requesterOf } from '../guard/approval-round.js';

const MARK = 'request sha256:';

/** Who an approval is requested for: the user, else the client (as `guard()` names it). */
export { requesterOf };

/** SHA-256 (hex) of the requester and the safe input's governed fields. */
export function requestDigest(identity: Identity, safe: Omit<GuardInput, 'stage'> & { stage: string }): string {
  const canonical = JSON.stringify([requesterOf(identity), safe.stage, safe.text ?? null, safe.messages ?? null, safe.tool ?? null, safe.model ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The approval's reason: what needs approving, and the request's digest. */
export function approvalReason(label: string, digest: string): string {
  return `${label.slice(0, 400)} (${MARK}${digest})`;
}

/** True when `reason` was written by {@link approvalReason} for this digest. */
export function reasonBindsDigest(reason: string | null | undefined, digest: string): boolean {
  return typeof reason === 'string' && reason.endsWith(`(${MARK}${digest})`);
}
