/**
 * The Cedar contender: 25 permit/forbid policies equivalent to the condition and tool parts of
 * the Gatehouse bench set (model allow-list, role and attribute conditions, tool and MCP-server
 * lists, read-only tools, stage restrictions as actions), with no text detection. Cedar has
 * only permit and forbid, so Gatehouse's `require_approval`, `warn` and `log` actions appear as
 * forbids (approval) or are left out (warn/log never change a verdict).
 *
 * Mapping: principal = the user (member of its roles and org), action = the stage,
 * resource = the model (input/output) or the tool (tool_call/tool_result),
 * context = the request's attributes, provider, client id and scan results.
 */
import type * as Cedar from '@cedar-policy/cedar-wasm/nodejs';

export const CEDAR_POLICY_SET_ID = 'gatehouse-bench';

const STAGES = ['input', 'output', 'tool_call', 'tool_result'] as const;

/** The 25 policies in Cedar syntax, keyed by id (Cedar reports these ids as the determining policies). */
export const CEDAR_POLICIES: Readonly<Record<string, string>> = {
  'permit-llm-members':
    'permit (principal in Org::"acme", action in [Action::"input", Action::"output"], resource is Model);',
  'permit-tools-members':
    'permit (principal in Org::"acme", action in [Action::"tool_call", Action::"tool_result"], resource is Tool)\n' +
    'when { ["db-mcp", "search-mcp", "crm-mcp"].contains(resource.server) };',
  'permit-admins':
    'permit (principal in Role::"admin", action, resource);',
  'permit-support-crm':
    'permit (principal in Role::"support", action == Action::"tool_call", resource == Tool::"crm.lookup");',
  'model-allowlist':
    'forbid (principal, action in [Action::"input", Action::"output"], resource is Model)\n' +
    'unless { resource in [Model::"gpt-4o", Model::"gpt-4.1", Model::"claude-sonnet-4", Model::"gemini-2.5-pro"] };',
  'interns-no-prod':
    'forbid (principal in Role::"intern", action, resource)\n' +
    'when { context.env == "prod" };',
  'high-risk-approval':
    'forbid (principal, action, resource)\n' +
    'when { context.risk > 7 };',
  'eu-residency':
    'forbid (principal, action in [Action::"input", Action::"output"], resource is Model)\n' +
    'when { context.region == "eu" && !(["azure-eu", "mistral"].contains(resource.provider)) };',
  'contractors-no-tools':
    'forbid (principal in Role::"contractor", action == Action::"tool_call", resource);',
  'test-clients-blocked':
    'forbid (principal, action, resource)\n' +
    'when { context.clientId like "test-*" };',
  'preview-models-not-in-prod':
    'forbid (principal, action == Action::"output", resource is Model)\n' +
    'when { resource.preview && context.env == "prod" };',
  'suspended-users':
    'forbid (principal, action, resource)\n' +
    'when { principal.suspended };',
  'token-budget':
    'forbid (principal, action == Action::"input", resource)\n' +
    'when { context.tokens > 100000 };',
  'gov-tenant-region':
    'forbid (principal, action, resource)\n' +
    'when { context.tenant == "gov" && context.region != "us-gov" };',
  'clearance':
    'forbid (principal, action, resource)\n' +
    'when { resource has minClearance && principal.clearance < resource.minClearance };',
  'kiosk-no-tools':
    'forbid (principal, action in [Action::"tool_call", Action::"tool_result"], resource)\n' +
    'when { context.channel == "kiosk" };',
  'contractor-night':
    'forbid (principal in Role::"contractor", action, resource)\n' +
    'when { context.hour < 6 };',
  'hr-sensitive':
    'forbid (principal, action, resource)\n' +
    'when { principal.department == "hr" && resource has sensitive && resource.sensitive };',
  'attachments-limit':
    'forbid (principal, action == Action::"input", resource)\n' +
    'when { context.attachments > 10 };',
  'tool-denylist':
    'forbid (principal, action == Action::"tool_call", resource)\n' +
    'when { resource in [Tool::"shell.exec", Tool::"fs.delete", Tool::"crm.export"] };',
  'server-denylist':
    'forbid (principal, action == Action::"tool_call", resource is Tool)\n' +
    'when { ["untrusted-mcp", "pastebin-mcp"].contains(resource.server) };',
  'read-only-tools':
    'forbid (principal, action == Action::"tool_call", resource is Tool)\n' +
    'when { resource.readOnly && context.sqlDangerous };',
  'sql-injection':
    'forbid (principal, action == Action::"tool_call", resource is Tool)\n' +
    'when { context.sqlInjection };',
  'circuit-breaker':
    'forbid (principal, action, resource)\n' +
    'when { context.breakerOpen };',
  'provider-mismatch':
    'forbid (principal, action in [Action::"input", Action::"output"], resource is Model)\n' +
    'when { context.provider != resource.provider };',
};

type Entity = Cedar.EntityJson;
const uid = (type: string, id: string) => ({ type, id });

/** Users, roles, the org, models, tools and the stage actions (with their action groups). */
export function cedarEntities(): Cedar.Entities {
  const entities: Entity[] = [
    { uid: uid('Org', 'acme'), attrs: {}, parents: [] },
    ...['analyst', 'intern', 'contractor', 'admin', 'support'].map((r) => ({ uid: uid('Role', r), attrs: {}, parents: [] })),
    { uid: uid('User', 'u-42'), attrs: { department: 'finance', clearance: 3, suspended: false }, parents: [uid('Role', 'analyst'), uid('Org', 'acme')] },
    { uid: uid('User', 'u-7'), attrs: { department: 'ops', clearance: 1, suspended: false }, parents: [uid('Role', 'intern'), uid('Org', 'acme')] },
    { uid: uid('Model', 'gpt-4o'), attrs: { provider: 'openai', preview: false }, parents: [] },
    { uid: uid('Model', 'o9-preview'), attrs: { provider: 'openai', preview: true }, parents: [] },
    { uid: uid('Model', 'claude-sonnet-4'), attrs: { provider: 'anthropic', preview: false, minClearance: 2 }, parents: [] },
    { uid: uid('Tool', 'sql.query'), attrs: { server: 'db-mcp', readOnly: true }, parents: [] },
    { uid: uid('Tool', 'shell.exec'), attrs: { server: 'db-mcp', readOnly: false }, parents: [] },
  ];
  for (const s of STAGES) entities.push({ uid: uid('Action', s), attrs: {}, parents: [] });
  return entities;
}

export interface CedarBenchRequest {
  name: string;
  call: Omit<Cedar.StatefulAuthorizationCall, 'preparsedPolicySetId' | 'entities'>;
  expected: Cedar.Decision;
  /** Policy ids expected in `diagnostics.reason` (the determining policies). */
  expectedReasons: string[];
}

const baseContext = {
  env: 'prod', risk: 3, region: 'us', provider: 'openai', clientId: 'web-app', tenant: 'acme',
  channel: 'chat', hour: 14, tokens: 900, attachments: 0, sqlDangerous: false, sqlInjection: false, breakerOpen: false,
};

/**
 * The timed request (first) mirrors the Gatehouse input-stage request; the others exercise
 * forbids and are checked once, untimed, so the bench knows Cedar evaluates what we think.
 */
export function cedarRequests(): CedarBenchRequest[] {
  const user = uid('User', 'u-42');
  return [
    {
      name: 'input, analyst, gpt-4o, prod',
      call: { principal: user, action: uid('Action', 'input'), resource: uid('Model', 'gpt-4o'), context: baseContext },
      expected: 'allow',
      expectedReasons: ['permit-llm-members'],
    },
    {
      name: 'input, intern in prod',
      call: { principal: uid('User', 'u-7'), action: uid('Action', 'input'), resource: uid('Model', 'gpt-4o'), context: baseContext },
      expected: 'deny',
      expectedReasons: ['interns-no-prod'],
    },
    {
      name: 'input, unlisted preview model',
      call: { principal: user, action: uid('Action', 'output'), resource: uid('Model', 'o9-preview'), context: baseContext },
      expected: 'deny',
      expectedReasons: ['model-allowlist', 'preview-models-not-in-prod'],
    },
    {
      name: 'input, high risk',
      call: { principal: user, action: uid('Action', 'input'), resource: uid('Model', 'gpt-4o'), context: { ...baseContext, risk: 9 } },
      expected: 'deny',
      expectedReasons: ['high-risk-approval'],
    },
    {
      name: 'tool_call sql.query, clean',
      call: { principal: user, action: uid('Action', 'tool_call'), resource: uid('Tool', 'sql.query'), context: baseContext },
      expected: 'allow',
      expectedReasons: ['permit-tools-members'],
    },
    {
      name: 'tool_call sql.query, DROP TABLE on a read-only tool',
      call: { principal: user, action: uid('Action', 'tool_call'), resource: uid('Tool', 'sql.query'), context: { ...baseContext, sqlDangerous: true } },
      expected: 'deny',
      expectedReasons: ['read-only-tools'],
    },
    {
      name: 'tool_call shell.exec',
      call: { principal: user, action: uid('Action', 'tool_call'), resource: uid('Tool', 'shell.exec'), context: baseContext },
      expected: 'deny',
      expectedReasons: ['tool-denylist'],
    },
    {
      name: 'input, claude-sonnet-4 above clearance? (analyst clearance 3 ≥ 2)',
      call: { principal: user, action: uid('Action', 'input'), resource: uid('Model', 'claude-sonnet-4'), context: { ...baseContext, provider: 'anthropic' } },
      expected: 'allow',
      expectedReasons: ['permit-llm-members'],
    },
  ];
}

/** Number of policies in {@link CEDAR_POLICIES}. */
export function countCedarPolicies(): number {
  return Object.keys(CEDAR_POLICIES).length;
}
