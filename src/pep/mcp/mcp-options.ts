/** Options shared by `governMcpServer` and `governMcpClient`. */
import type { Identity } from '../guard/gatehouse-core.js';
import type { ToolCallPolicyOptions } from './govern-tool-call.js';

export interface GovernMcpOptions<Ctx> extends ToolCallPolicyOptions {
  /** A fixed identity (a single-tenant server, a client acting for one org)… */
  identity?: Identity;
  /** …or one resolved per call; null refuses the call. */
  resolveIdentity?: (context: Ctx) => Identity | null | undefined | Promise<Identity | null | undefined>;
  /** The MCP server name policies see as `tool.server`. Default: the name the server announces. */
  serverName?: string;
  /** `result` (default): a refused call returns an MCP error result; `throw`: the Gatehouse error is thrown. */
  onRefused?: 'result' | 'throw';
}
