/** Typed errors the framework adapters throw. Each maps to one HTTP status (see `httpErrorFor`). */
import { GatehouseError } from '../../errors.js';

/**
 * The request body has nothing the adapter can govern: no `messages` array, no `prompt` or
 * `input` string (or not the configured `bodyField`). HTTP 400.
 *
 * @example
 * ```ts
 * readChatInput({ question: 'hi' }); // throws ChatInputMissingError (CHAT_INPUT_MISSING)
 * ```
 */
export class ChatInputMissingError extends GatehouseError {
  declare readonly code: 'CHAT_INPUT_MISSING';
  readonly status = 400;
  constructor(message: string) {
    super('CHAT_INPUT_MISSING', message);
  }
}

/**
 * The request body could not be read: not JSON, the wrong content type, or too large. `status`
 * is 400, 413 or 415.
 *
 * @example
 * ```ts
 * await readJsonRequest(new Request(url, { method: 'POST', body: 'not json' })); // InvalidRequestBodyError, status 400
 * ```
 */
export class InvalidRequestBodyError extends GatehouseError {
  declare readonly code: 'INVALID_REQUEST_BODY';
  readonly status: 400 | 413 | 415;
  constructor(status: 400 | 413 | 415, message: string) {
    super('INVALID_REQUEST_BODY', message);
    this.status = status;
  }
}

/**
 * The approval service could not be reached to open or read an approval, so the request was
 * stopped (fail closed). HTTP 503.
 */
export class ApprovalUnavailableError extends GatehouseError {
  declare readonly code: 'APPROVAL_UNAVAILABLE';
  readonly status = 503;
  readonly decisionId: string;
  constructor(decisionId: string, cause: unknown) {
    super('APPROVAL_UNAVAILABLE', `The approval for decision ${decisionId} could not be opened or read, so the request was stopped. Check the approval service and its store.`, { cause });
    this.decisionId = decisionId;
  }
}

/**
 * A presented approval id does not let this request through: it is still pending, was
 * rejected or expired, belongs to someone else, or was granted for a different request.
 * HTTP 403 (202 while pending).
 */
export class ApprovalNotUsableError extends GatehouseError {
  declare readonly code: 'APPROVAL_NOT_USABLE';
  readonly approvalId: string;
  /** The approval's status, or `not_found` / `mismatch` when it is not this request's approval. */
  readonly approvalStatus: string;
  constructor(approvalId: string, approvalStatus: string) {
    super('APPROVAL_NOT_USABLE', `Approval ${approvalId} does not allow this request (${approvalStatus}). Send the request it was granted for, or wait for a reviewer.`);
    this.approvalId = approvalId;
    this.approvalStatus = approvalStatus;
  }
}

/**
 * An MCP tool handler cannot be governed (a task-based tool), so `governMcpServer` refuses
 * rather than leave it ungoverned.
 */
export class UngovernableToolError extends GatehouseError {
  declare readonly code: 'UNGOVERNABLE_TOOL';
  readonly toolName: string;
  constructor(toolName: string, why: string) {
    super('UNGOVERNABLE_TOOL', `MCP tool "${toolName}" cannot be governed: ${why}.`);
    this.toolName = toolName;
  }
}
