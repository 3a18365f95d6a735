/**
 * `governMcpClient()`: the client side. `client.callTool` is checked before the request leaves
 * (so a denied call never reaches the server) and its result is checked before the host or the
 * model sees it.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AuthenticationError } from '../../crypto/api-keys/api-key-errors.js';
import { GatehouseTypeError, InvalidOptionError } from '../../errors.js';
import type { GatehouseCore } from '../guard/gatehouse-core.js';
import { APPROVAL_ID_META, governToolCall } from './govern-tool-call.js';
import type { GovernMcpOptions } from './mcp-options.js';
import { refusalResult } from './refusal-result.js';
import type { ToolResultLike } from './tool-result-text.js';

const GOVERNED = Symbol.for('gatehouse.mcp.governed');

/** What `resolveIdentity` gets on the client side: the `callTool` params. */
export interface McpClientCallContext {
  name: string;
  arguments?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

type CallTool = Client['callTool'];

/**
 * Governs `client.callTool` in place and returns the client. A refused call resolves to an
 * MCP error result (`isError: true`, `_meta['gatehouse/decision']`), as a failing tool would,
 * unless `onRefused: 'throw'`.
 *
 * @example
 * ```ts
 * const client = governMcpClient(new Client({ name: 'agent', version: '1.0.0' }), gh, { identity: { orgId: 'acme' } });
 * await client.connect(transport);
 * const result = await client.callTool({ name: 'db.query', arguments: { sql } });
 * ```
 */
export function governMcpClient<C extends Client>(client: C, gatehouse: GatehouseCore, options: GovernMcpOptions<McpClientCallContext>): C {
  if (!client || typeof client.callTool !== 'function') throw new GatehouseTypeError('governMcpClient needs an MCP Client (from @modelcontextprotocol/sdk/client) as its first argument.');
  if (!gatehouse || typeof gatehouse.check !== 'function') throw new GatehouseTypeError('governMcpClient needs the enforcement core from createGatehouseCore() as its second argument.');
  if (!options || (options.identity === undefined && typeof options.resolveIdentity !== 'function')) {
    throw new InvalidOptionError('governMcpClient needs options.identity ({ orgId, … }) or options.resolveIdentity ((params) => identity).');
  }
  if (options.approval === 'wait' && !options.approvals?.waitFor) throw new InvalidOptionError('approval: "wait" needs options.approvals with a waitFor method.');
  const marked = client as C & { [GOVERNED]?: true };
  if (marked[GOVERNED]) throw new InvalidOptionError('This MCP client is already governed; call governMcpClient once per client.');
  const original = client.callTool.bind(client);

  const governed = (async (params, resultSchema, requestOptions) => {
    try {
      const identity = options.identity ?? (await options.resolveIdentity!(params));
      if (!identity) throw new AuthenticationError('missing_credentials', `The call to tool "${params.name}" did not identify its caller.`);
      const approvalId = params._meta?.[APPROVAL_ID_META];
      const serverName = options.serverName ?? client.getServerVersion()?.name;
      return await governToolCall(gatehouse, identity, { name: params.name, server: serverName, args: params.arguments, approvalId: typeof approvalId === 'string' ? approvalId : undefined },
        async (safeArgs) => (await original({ ...params, ...(safeArgs !== undefined ? { arguments: safeArgs as Record<string, unknown> } : {}) }, resultSchema, requestOptions)) as ToolResultLike, options);
    } catch (error) {
      const refusal = options.onRefused === 'throw' ? null : refusalResult(error);
      if (refusal) return refusal;
      throw error;
    }
  }) as CallTool;

  client.callTool = governed;
  marked[GOVERNED] = true;
  return client;
}
