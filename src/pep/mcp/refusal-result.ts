/**
 * A refused tool call as an MCP result: `isError: true`, a text the model can read and relay,
 * and the machine-readable answer (decision id, reasons, approval id, and the `http_status` the
 * web adapters would use) in `_meta['gatehouse/decision']`. Agents see a failed tool, not a crashed connection.
 */
import { GatehouseError } from '../../errors.js';
import { ApprovalRequiredError } from '../guard/errors.js';
import { answerForError } from '../adapter-kit/http-answers.js';
import { APPROVAL_ID_META, DECISION_META } from './govern-tool-call.js';

export interface RefusalResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  isError: true;
  _meta: Record<string, unknown>;
}

/**
 * The refusal result for a Gatehouse error, or null for any other error (which the caller
 * rethrows).
 *
 * @example
 * ```ts
 * try { return await governToolCall(...) } catch (e) { const r = refusalResult(e); if (r) return r; throw e }
 * ```
 */
export function refusalResult(error: unknown): RefusalResult | null {
  const answer = answerForError(error);
  if (!answer || !(error instanceof GatehouseError)) return null;
  let text = `Gatehouse: ${error.message}`;
  if (error instanceof ApprovalRequiredError && error.approvalId) {
    text += ` Call the tool again with the same arguments once it is approved, with _meta["${APPROVAL_ID_META}"] = "${error.approvalId}".`;
  }
  return { content: [{ type: 'text', text }], isError: true, _meta: { [DECISION_META]: { ...answer.body, http_status: answer.status } } };
}
