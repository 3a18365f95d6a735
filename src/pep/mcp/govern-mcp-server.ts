/**
 * `governMcpServer()`: every tool of an `McpServer` (registered before or after the call) runs
 * behind a `tool_call` decision, and its result behind a `tool_result` decision.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AuthenticationError } from '../../crypto/api-keys/api-key-errors.js';
import { GatehouseTypeError, InvalidOptionError } from '../../errors.js';
import type { GatehouseCore } from '../guard/gatehouse-core.js';
import { UngovernableToolError } from '../adapter-kit/adapter-errors.js';
import { APPROVAL_ID_META, governToolCall } from './govern-tool-call.js';
import type { GovernMcpOptions } from './mcp-options.js';
import { refusalResult } from './refusal-result.js';
import type { ToolResultLike } from './tool-result-text.js';

const GOVERNED = Symbol.for('gatehouse.mcp.governed');

/** What a tool handler receives besides its arguments (the SDK's `RequestHandlerExtra`, in part). */
export interface McpHandlerExtra {
  authInfo?: { clientId?: string; extra?: Record<string, unknown>; [key: string]: unknown };
  sessionId?: string;
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What `resolveIdentity` gets on the server side. */
export interface McpServerCallContext {
  toolName: string;
  args: unknown;
  extra: McpHandlerExtra;
}

type Handler = (...a: unknown[]) => unknown;

/** The parts of the SDK's registered tool this module touches. */
interface RegisteredToolLike {
  handler: Handler | { createTask: unknown };
  update(updates: { name?: string | null; callback?: Handler; [key: string]: unknown }): void;
  [GOVERNED]?: true;
}

interface McpServerInternals {
  _registeredTools?: Record<string, RegisteredToolLike>;
  _createRegisteredTool?: (name: string, ...rest: unknown[]) => RegisteredToolLike;
  server?: { _serverInfo?: { name?: unknown } };
  [GOVERNED]?: true;
}

/**
 * Governs `server`'s tools in place and returns it. Denied calls, calls that need approval and
 * withheld results come back as MCP error results (`isError: true`) whose
 * `_meta['gatehouse/decision']` holds the decision id and reasons; the tool never runs for a
 * denied call. A task-based tool is refused with `UngovernableToolError` rather than left
 * ungoverned.
 *
 * @example
 * ```ts
 * import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
 * import { governMcpServer } from 'gatehouse/mcp';
 *
 * const server = new McpServer({ name: 'crm', version: '1.0.0' });
 * server.registerTool('db.query', { inputSchema: { sql: z.string() } }, async ({ sql }) => ({ content: [{ type: 'text', text: await run(sql) }] }));
 * governMcpServer(server, gh, { identity: { orgId: 'acme', clientId: 'crm-agent' } });
 * ```
 */
export function governMcpServer<S extends McpServer>(server: S, gatehouse: GatehouseCore, options: GovernMcpOptions<McpServerCallContext>): S {
  if (!gatehouse || typeof gatehouse.check !== 'function') throw new GatehouseTypeError('governMcpServer needs the enforcement core from createGatehouseCore() as its second argument.');
  if (!options || (options.identity === undefined && typeof options.resolveIdentity !== 'function')) {
    throw new InvalidOptionError('governMcpServer needs options.identity ({ orgId, … }) or options.resolveIdentity ((call) => identity).');
  }
  if (options.approval === 'wait' && !options.approvals?.waitFor) throw new InvalidOptionError('approval: "wait" needs options.approvals with a waitFor method.');
  const internals = server as unknown as McpServerInternals;
  if (internals[GOVERNED]) throw new InvalidOptionError('This McpServer is already governed; call governMcpServer once per server.');
  const registry = internals._registeredTools;
  const create = internals._createRegisteredTool;
  // Both are how McpServer (1.x) keeps and creates tools. If they are gone, governing would
  // silently do nothing: refuse instead.
  if (!registry || typeof registry !== 'object' || typeof create !== 'function') {
    throw new UngovernableToolError('*', 'this @modelcontextprotocol/sdk version keeps its tools where Gatehouse cannot reach them; use a 1.x McpServer');
  }
  const announced = internals.server?._serverInfo?.name;
  const serverName = options.serverName ?? (typeof announced === 'string' ? announced : undefined);

  const govern = (initialName: string, tool: RegisteredToolLike) => {
    if (tool[GOVERNED]) return;
    let name = initialName;
    const wrap = (handler: RegisteredToolLike['handler']): Handler => {
      if (typeof handler !== 'function') throw new UngovernableToolError(name, 'task-based tools (registerToolTask) are not supported yet');
      return governedHandler(handler, () => name);
    };
    tool.handler = wrap(tool.handler);
    const update = tool.update.bind(tool);
    tool.update = (updates) => {
      const next = { ...updates };
      if (typeof next.callback === 'function') next.callback = wrap(next.callback);
      update(next);
      if (typeof next.name === 'string') name = next.name;
    };
    tool[GOVERNED] = true;
  };

  const governedHandler = (original: Handler, currentName: () => string): Handler => async (...a: unknown[]) => {
    // The SDK calls (args, extra) for a tool with an input schema and (extra) without one.
    const hasArgs = a.length >= 2;
    const args = hasArgs ? a[0] : undefined;
    const extra = ((hasArgs ? a[1] : a[0]) ?? {}) as McpHandlerExtra;
    const toolName = currentName();
    try {
      const identity = options.identity ?? (await options.resolveIdentity!({ toolName, args, extra }));
      if (!identity) throw new AuthenticationError('missing_credentials', `The call to tool "${toolName}" did not identify its caller.`);
      const approvalId = extra._meta?.[APPROVAL_ID_META];
      return await governToolCall(gatehouse, identity, { name: toolName, server: serverName, args, approvalId: typeof approvalId === 'string' ? approvalId : undefined },
        async (safeArgs) => (await (hasArgs ? original(safeArgs, extra) : original(extra))) as ToolResultLike, options);
    } catch (error) {
      const refusal = options.onRefused === 'throw' ? null : refusalResult(error);
      if (refusal) return refusal;
      throw error;
    }
  };

  // Check every existing tool before wrapping any, so a refusal leaves nothing half-governed.
  for (const [name, tool] of Object.entries(registry)) {
    if (typeof tool.handler !== 'function') throw new UngovernableToolError(name, 'task-based tools (registerToolTask) are not supported yet');
  }
  for (const [name, tool] of Object.entries(registry)) govern(name, tool);
  internals._createRegisteredTool = function (this: unknown, name: string, ...rest: unknown[]) {
    const tool = create.call(server, name, ...rest);
    try {
      govern(name, tool);
    } catch (error) {
      // Not governable: it must not stay registered and callable.
      (tool as { remove?: () => void }).remove?.();
      throw error;
    }
    return tool;
  };
  internals[GOVERNED] = true;
  return server;
}
