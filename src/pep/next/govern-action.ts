/**
 * `governAction()`: governs a Next.js Server Action (or any async function): its arguments are
 * checked and redacted before it runs, and its result is checked on the way out.
 */
import { AuthenticationError } from '../../crypto/api-keys/api-key-errors.js';
import { GatehouseTypeError, InvalidOptionError } from '../../errors.js';
import type { GatehouseCore, Identity } from '../guard/gatehouse-core.js';
import { ApprovalDeniedError, ApprovalRequiredError, PolicyDeniedError } from '../guard/errors.js';
import type { AdapterApprovals, ApprovalMode } from '../adapter-kit/adapter-approvals.js';
import { governInput } from '../adapter-kit/govern-input.js';
import { governOutputJson, governOutputText } from '../adapter-kit/govern-output.js';
import { answerForError, type HttpAnswer } from '../adapter-kit/http-answers.js';
import { argsText, safeArgs, scannableArgs } from './action-args.js';

export interface GovernActionOptions<A extends unknown[], R> {
  /** A fixed identity, or… */
  identity?: Identity;
  /** …one resolved per call (e.g. from `cookies()` / `headers()` of `next/headers`). Null: refused. */
  resolveIdentity?: (...args: A) => Identity | null | undefined | Promise<Identity | null | undefined>;
  approvals?: AdapterApprovals | null;
  approval?: ApprovalMode;
  approvalTimeoutMs?: number;
  /**
   * The approval id a caller resumes with, read from the request context (e.g.
   * `(await headers()).get('gatehouse-approval-id')` or a cookie). Not from the arguments: they
   * are what was approved, so they must be sent again unchanged.
   */
  approvalId?: () => string | undefined | Promise<string | undefined>;
  attributes?: (...args: A) => Record<string, unknown> | undefined;
  /** Shown to approval reviewers. Default: the function's name. */
  name?: string;
  /** Check the result at the output stage (strings as text, objects as JSON). Default true. */
  checkOutput?: boolean;
  restoreTokens?: boolean;
  /**
   * Return this instead of throwing when the call is refused (denied, pending approval, audit
   * down…); `refusal` is the JSON the web adapters would answer, with its HTTP status.
   */
  onRefused?: (refusal: HttpAnswer) => R | Promise<R>;
}

/**
 * Wraps `action`. Each call: identity, one input decision over the arguments (as JSON, form
 * fields by name), the action with the redacted arguments, one output decision over its
 * result. Refusals throw `PolicyDeniedError`, `ApprovalRequiredError` (with the approval id)
 * or `ApprovalDeniedError`, or go to `onRefused`.
 *
 * @example
 * ```ts
 * // app/actions.ts
 * 'use server';
 * import { governAction } from 'gatehouse/next';
 * export const askSupport = governAction(async (form: FormData) => {
 *   return callModel(String(form.get('question')));          // the question arrives redacted
 * }, gh, { resolveIdentity: async () => ({ orgId: 'acme', userId: await currentUserId() }) });
 * ```
 */
export function governAction<A extends unknown[], R>(action: (...args: A) => R | Promise<R>, gatehouse: GatehouseCore, options: GovernActionOptions<A, Awaited<R>>): (...args: A) => Promise<Awaited<R>> {
  if (typeof action !== 'function') throw new GatehouseTypeError('governAction needs the action (an async function) as its first argument.');
  if (!gatehouse || typeof gatehouse.check !== 'function') throw new GatehouseTypeError('governAction needs the enforcement core from createGatehouseCore() as its second argument.');
  if (!options || (options.identity === undefined && typeof options.resolveIdentity !== 'function')) {
    throw new InvalidOptionError('governAction needs options.identity ({ orgId, userId? }) or options.resolveIdentity (a function returning one).');
  }
  if (options.approval === 'wait' && !options.approvals?.waitFor) throw new InvalidOptionError('approval: "wait" needs options.approvals with a waitFor method.');
  const label = `action ${options.name ?? (action.name || 'anonymous')}`;

  async function run(args: A): Promise<Awaited<R>> {
    const identity = options.identity ?? (await options.resolveIdentity!(...args));
    if (!identity) throw new AuthenticationError('missing_credentials', 'The Server Action call did not identify its caller.');
    const scanned = scannableArgs(args);
    const attributes = options.attributes?.(...args);
    const outcome = await governInput(gatehouse, identity, { stage: 'input', text: argsText(scanned), ...(attributes !== undefined ? { attributes } : {}) }, {
      approvals: options.approvals ?? null,
      ...(options.approval !== undefined ? { approval: options.approval } : {}),
      ...(options.approvalTimeoutMs !== undefined ? { approvalTimeoutMs: options.approvalTimeoutMs } : {}),
      presentedApprovalId: await options.approvalId?.(),
      label,
    });
    switch (outcome.kind) {
      case 'denied': throw new PolicyDeniedError(outcome.decision, 'action input');
      case 'pending_approval': throw new ApprovalRequiredError(outcome.decision, outcome.approvalId);
      case 'approval_refused': throw new ApprovalDeniedError(outcome.decision, outcome.approvalId, outcome.approvalStatus);
      case 'proceed': break;
    }
    const { decision } = outcome;
    const result: Awaited<R> = await action(...safeArgs(args, scanned, decision.redactedText));
    if (options.checkOutput === false || result === undefined || result === null) return result;
    const outputOptions = { inputDecision: decision, restoreTokens: options.restoreTokens ?? true };
    if (typeof result === 'string') return (await governOutputText(gatehouse, identity, result, outputOptions)).text as Awaited<R>;
    if (typeof result === 'object') return (await governOutputJson(gatehouse, identity, result, outputOptions)).value;
    return result;
  }

  return async (...args: A): Promise<Awaited<R>> => {
    try {
      return await run(args);
    } catch (error) {
      const answer = options.onRefused ? answerForError(error) : null;
      if (answer) return options.onRefused!(answer);
      throw error;
    }
  };
}
