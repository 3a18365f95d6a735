import type { Identity } from '../guard/gatehouse-core.js';
import type { ApprovalOptions } from '../model-calls/governed-call.js';
import type { StreamWindowOptions } from '../model-calls/governed-output.js';

/** Which governed method a call came through, and its body: what `resolveIdentity` is given. */
export interface OpenAICallContext {
  method: 'chat.completions.create' | 'responses.create';
  params: Readonly<Record<string, unknown>>;
}

interface CommonOptions extends ApprovalOptions {
  /** Put the values the input decision tokenized back into the reply. Default true. */
  restoreTokens?: boolean;
  /** Reported to policies as the request's `provider`. Default `openai`. */
  provider?: string;
  /** Host facts for conditions (`attributes.*`), per call. */
  attributes?: (context: OpenAICallContext) => Record<string, unknown> | undefined;
  /** The stream redactor's window (see `createStreamRedactor`). */
  stream?: StreamWindowOptions;
}

/** Options of `wrapOpenAI`: who is calling (fixed, or resolved per call), and how calls are governed. */
export type WrapOpenAIOptions = CommonOptions &
  ({ identity: Identity; resolveIdentity?: undefined } | { identity?: undefined; resolveIdentity: (context: OpenAICallContext) => Identity | Promise<Identity> });
