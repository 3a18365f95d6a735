/**
 * `gatehouse/mcp`: governs MCP tool calls made with `@modelcontextprotocol/sdk` (an optional
 * peer dependency; only its types are imported). On the server, every tool handler; on the
 * client, `callTool`. Tool allow and deny lists, SQL-injection and PII scanning of arguments
 * (redacted or refused), and redaction of results, each decision audited.
 *
 * @example
 * ```ts
 * import { createGatehouseCore, governMcpServer } from 'gatehouse/mcp';
 * const gh = createGatehouseCore({ engine: createPolicyEngine({ policies: { policies: [
 *   { id: 'db', kind: 'tool', readOnlyTools: ['db.query'], args: [{ arg: 'sql', scan: 'sql', action: 'block' }] },
 *   { id: 'pii', kind: 'detector', types: { email: { action: 'redact' } } },
 * ] } }), audit });
 * governMcpServer(server, gh, { identity: { orgId: 'acme', clientId: 'crm-agent' } });
 * ```
 *
 * @packageDocumentation
 */
export { governMcpServer, type McpHandlerExtra, type McpServerCallContext } from './govern-mcp-server.js';
export { governMcpClient, type McpClientCallContext } from './govern-mcp-client.js';
export { governToolCall, APPROVAL_ID_META, DECISION_META, type ToolCall, type ToolCallPolicyOptions } from './govern-tool-call.js';
export type { GovernMcpOptions } from './mcp-options.js';
export { refusalResult, type RefusalResult } from './refusal-result.js';
export type { ToolResultLike } from './tool-result-text.js';
export type { AdapterApprovals, ApprovalMode, ApprovalView } from '../adapter-kit/adapter-approvals.js';
export { UngovernableToolError, ApprovalUnavailableError } from '../adapter-kit/adapter-errors.js';
export {
  createGatehouseCore, PolicyDeniedError, ApprovalRequiredError, ApprovalDeniedError, AuditRequiredError,
  type GatehouseCore, type Identity, type AuditSink,
} from '../guard/index.js';
