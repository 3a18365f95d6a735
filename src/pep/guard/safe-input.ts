import type { Decision } from '../../pdp/decision.js';
import type { Message } from '../../pdp/request-schema.js';

/** What `guard()` checks before the call and hands to it, redacted if the policy says so. */
export interface GuardInput {
  stage?: 'input' | 'tool_call';
  text?: string;
  messages?: Message[];
  tool?: { name: string; server?: string; args?: unknown };
  model?: string;
  provider?: string;
  attributes?: Record<string, unknown>;
}

/** The input with every redacted part swapped in; untouched parts are the caller's own objects. */
export function safeInput<T extends GuardInput>(input: T, decision: Decision): T {
  if (decision.verdict !== 'redact' && decision.verdict !== 'require_approval') return input;
  let out = input;
  if (decision.redactedText !== undefined) out = { ...out, text: decision.redactedText };
  if (decision.redactedMessages !== undefined) out = { ...out, messages: decision.redactedMessages };
  if (decision.redactedToolArgs !== undefined && out.tool) out = { ...out, tool: { ...out.tool, args: decision.redactedToolArgs } };
  return out;
}
