/**
 * What the framework adapters (`gatehouse/express`, `gatehouse/next`, `gatehouse/mcp`) share:
 * identity resolution, the governable part of a chat body, the input and output steps over
 * `GatehouseCore.check()`, approval binding and the HTTP answers. Framework-free.
 *
 * @packageDocumentation
 */
export {
  ChatInputMissingError, InvalidRequestBodyError, ApprovalUnavailableError, ApprovalNotUsableError, UngovernableToolError,
} from './adapter-errors.js';
export { approvalAllows, type AdapterApprovals, type ApprovalView, type ApprovalMode } from './adapter-approvals.js';
export { createIdentityResolver, type IdentityResolver, type IdentitySourceOptions, type HeaderReader } from './identity-resolution.js';
export { readChatInput, withSafeChatInput, type ChatInput } from './chat-input.js';
export { governInput, type GovernInputOptions, type GovernedRequest, type InputOutcome } from './govern-input.js';
export { governOutputText, governOutputJson, type GovernOutputOptions } from './govern-output.js';
export { requestDigest, requesterOf } from './request-binding.js';
export { answerForOutcome, answerForError, deniedAnswer, pendingApprovalAnswer, approvalRefusedAnswer, DECISION_ID_HEADER, type HttpAnswer } from './http-answers.js';
