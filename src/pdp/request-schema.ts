/**
 * The decision request, as a zod schema. `decide()` validates every request against it and
 * answers an invalid one with `deny` / `invalid_request` instead of throwing.
 */
import { z } from 'zod';
import { StageSchema } from './policy-schema.js';
import { ORG_ID_PATTERN } from '../org-id-format.js';

/** One chat message. `content` may be a string or an array of parts whose `text` is scanned. */
export const MessageSchema = z.object({
  role: z.string().min(1).max(64),
  content: z.union([
    z.string(),
    z.array(z.union([z.object({ type: z.string(), text: z.string() }).loose(), z.object({ type: z.string() }).loose()])),
    z.null(),
  ]),
}).loose();
export type Message = z.infer<typeof MessageSchema>;

export const ToolCallSchema = z.object({
  name: z.string().min(1).max(500),
  server: z.string().min(1).max(500).optional(),
  /** Arbitrary JSON. String leaves are scanned. */
  args: z.unknown().optional(),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

const Id = z.string().min(1).max(256);

export const DecisionRequestSchema = z.object({
  /** 1–128 characters of `[A-Za-z0-9_.:-]`, the format the audit store accepts. */
  orgId: z.string().regex(ORG_ID_PATTERN, 'must be 1-128 characters of A-Z a-z 0-9 _ . : -'),
  clientId: Id.optional(),
  userId: Id.optional(),
  roles: z.array(z.string().min(1).max(256)).max(256).optional(),
  stage: StageSchema,
  /** Free text (a prompt, a model reply, a tool result). A JSON document is redacted leaf by leaf. */
  text: z.string().optional(),
  messages: z.array(MessageSchema).optional(),
  tool: ToolCallSchema.optional(),
  model: z.string().max(500).optional(),
  provider: z.string().max(500).optional(),
  /** Host-defined facts for conditions, e.g. `{ env: 'prod', risk: 7 }`. */
  attributes: z.record(z.string(), z.unknown()).optional(),
  /** Correlates the input and output decisions of one call (W3C trace id when available). */
  traceId: z.string().max(256).optional(),
});
export type DecisionRequest = z.infer<typeof DecisionRequestSchema>;
export type DecisionRequestInput = z.input<typeof DecisionRequestSchema>;
