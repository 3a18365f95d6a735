/**
 * `gatehouse/openai`: govern an `openai` client's chat completions and responses, streamed or
 * not. See {@link wrapOpenAI}.
 */
export { wrapOpenAI } from './wrap-openai.js';
export type { WrapOpenAIOptions, OpenAICallContext } from './wrap-options.js';
export { UngovernedMethodError } from './openai-errors.js';
export { PolicyDeniedError, ApprovalRequiredError, ApprovalDeniedError, AuditRequiredError } from '../guard/errors.js';
export type { Identity, GatehouseCore } from '../guard/gatehouse-core.js';
