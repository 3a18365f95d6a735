/**
 * The body of `POST /api/v1/decide`, as a zod schema, and its mapping onto the engine's
 * request. The shape is the Decision Mode that gateway enforcement points already speak:
 * `{ stage, query, caller_identity, target, context }`.
 */
import { z } from 'zod';
import type { ConfigIssue } from '../../errors.js';
import { StageSchema } from '../../pdp/policy-schema.js';
import { MessageSchema, type Message } from '../../pdp/request-schema.js';
import type { GuardInput } from '../guard/safe-input.js';
import { InvalidHttpRequestError } from './http-errors.js';
import { MAX_ID_LENGTH, MAX_NAME_LENGTH } from './decide-limits.js';
import { wellFormedDecideBody, type DecideBodyFields } from './well-formed-decide-body.js';

const Name = z.string().min(1).max(MAX_NAME_LENGTH);
const Id = z.string().min(1).max(MAX_ID_LENGTH);

/** What the call goes to. `tool` and `mcp` targets need `tool`; `mcp` also needs `server`. */
export const DecideTargetSchema = z.object({
  type: z.enum(['model', 'tool', 'mcp']).default('model'),
  model: Name.optional(),
  provider: Name.optional(),
  server: Name.optional(),
  tool: Name.optional(),
}).superRefine((t, ctx) => {
  if (t.type !== 'model' && t.tool === undefined) ctx.addIssue({ code: 'custom', path: ['tool'], message: `a ${t.type} target needs the tool name` });
  if (t.type === 'mcp' && t.server === undefined) ctx.addIssue({ code: 'custom', path: ['server'], message: 'an mcp target needs the server name' });
});

/**
 * Who the gateway is calling for. `user_id` and `roles` feed policy conditions; they are the
 * gateway's assertion about its end user. The org and client always come from the credentials:
 * `org_id` / `client_id` may repeat them, and naming another is refused with 403.
 */
export const CallerIdentitySchema = z.object({
  user_id: Id.optional(),
  roles: z.array(z.string().min(1).max(MAX_ID_LENGTH)).max(MAX_ID_LENGTH).optional(),
  org_id: z.string().optional(),
  client_id: z.string().optional(),
}).loose();

export const DecideBodySchema = z.object({
  stage: StageSchema,
  /**
   * The text to decide on: a string (prompt, model reply, tool result), a chat `messages`
   * array, or, for a tool target, the call's JSON arguments.
   */
  query: z.union([z.string(), z.array(MessageSchema), z.record(z.string(), z.unknown())]),
  caller_identity: CallerIdentitySchema.optional(),
  target: DecideTargetSchema.optional(),
  /** Host facts for policy conditions (`attributes.*`). */
  context: z.record(z.string(), z.unknown()).optional(),
  /** May repeat the credentials' org; another org is a 403. */
  org_id: z.string().optional(),
  /**
   * Return the `restore` obligation's token map (token → original value). Off by default: the
   * map holds the very values redaction removed, so only a gateway that puts them back in the
   * model's reply should ask for it.
   */
  include_restore_tokens: z.boolean().optional(),
}).loose();

export type DecideBody = z.infer<typeof DecideBodySchema>;

/** What the engine is asked, besides the identity that the credentials supply. */
export interface MappedDecideRequest {
  request: Omit<GuardInput, 'stage'> & { stage: DecideBody['stage'] };
  userId: string | undefined;
  roles: string[] | undefined;
  includeRestoreTokens: boolean;
  /** Which form `query` had, so the redacted payload comes back in the same form. */
  queryForm: 'text' | 'messages' | 'tool_args';
}

/** zod issues as plain `{ path, message }` (never the received value). */
export function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

/** The body through zod, or a 400 naming every bad field. */
function parseDecideBody(body: unknown): DecideBody {
  const parsed = DecideBodySchema.safeParse(body);
  if (!parsed.success) throw new InvalidHttpRequestError(issuesOf(parsed.error), 'decide request');
  return parsed.data;
}

/**
 * Validates a decide body and maps it onto the engine's request: a string `query` is `text`,
 * an array is `messages`, an object is a tool call's `args` (tool targets only); `target`
 * supplies `model`, `provider` and the tool; `context` becomes `attributes`. Throws
 * {@link InvalidHttpRequestError} (400) naming every bad field. A well-formed text body is
 * checked by hand (`wellFormedDecideBody`); zod sees the rest.
 *
 * @example
 * ```ts
 * const { request } = mapDecideBody({ stage: 'input', query: 'hello', target: { model: 'gpt-4o' } });
 * // request: { stage: 'input', text: 'hello', model: 'gpt-4o' }
 * ```
 */
export function mapDecideBody(body: unknown): MappedDecideRequest {
  const b: DecideBodyFields | DecideBody = wellFormedDecideBody(body) ?? parseDecideBody(body);
  const target = b.target;
  const isTool = target !== undefined && target.type !== 'model';
  const request: MappedDecideRequest['request'] = { stage: b.stage };
  let queryForm: MappedDecideRequest['queryForm'];
  if (typeof b.query === 'string') {
    request.text = b.query;
    queryForm = 'text';
  } else if (Array.isArray(b.query)) {
    request.messages = b.query as Message[];
    queryForm = 'messages';
  } else {
    if (!isTool) throw new InvalidHttpRequestError([{ path: ['query'], message: 'must be a string or a messages array unless target.type is tool or mcp (then an object of tool arguments)' }], 'decide request');
    queryForm = 'tool_args';
  }
  if (isTool) {
    request.tool = {
      name: target.tool!,
      ...(target.server !== undefined ? { server: target.server } : {}),
      ...(queryForm === 'tool_args' ? { args: b.query } : {}),
    };
  }
  if (target?.model !== undefined) request.model = target.model;
  if (target?.provider !== undefined) request.provider = target.provider;
  if (b.context !== undefined) request.attributes = b.context;
  return {
    request,
    userId: b.caller_identity?.user_id,
    roles: b.caller_identity?.roles,
    includeRestoreTokens: b.include_restore_tokens === true,
    queryForm,
  };
}

/**
 * The org and client ids a raw body names (in `org_id`, `orgId` or the same inside
 * `caller_identity`), checked before the schema so that a body naming another org is refused
 * and audited even when it is otherwise invalid.
 */
export function namedIdentity(body: unknown): { orgIds: unknown[]; clientIds: unknown[] } {
  const orgIds: unknown[] = [];
  const clientIds: unknown[] = [];
  const collect = (o: unknown) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return;
    const r = o as Record<string, unknown>;
    for (const k of ['org_id', 'orgId']) if (r[k] !== undefined && r[k] !== null) orgIds.push(r[k]);
    for (const k of ['client_id', 'clientId']) if (r[k] !== undefined && r[k] !== null) clientIds.push(r[k]);
  };
  collect(body);
  if (body !== null && typeof body === 'object') collect((body as Record<string, unknown>).caller_identity);
  return { orgIds, clientIds };
}
