/**
 * The Gatehouse contender's policy set: what a fintech with customers in the US, India and
 * Singapore might run. Four compliance packs, then the org's own policies: detector rules for
 * secrets, contact details, bank and national ids with a mix of actions and styles; keyword and
 * regex text rules; condition policies on model, roles, client and attributes; a tool policy;
 * a code-level check; stage restrictions throughout. The user policies are listed most
 * important first and trimmed so that the resolved set (packs expanded) has exactly 25.
 */
import type { CompliancePackName, CustomCheck, DecisionRequestInput, PolicyInput, PolicySetInput } from '../../src/index.js';

export const BENCH_POLICY_COUNT = 25;

export const BENCH_PACKS: readonly CompliancePackName[] = ['pci-dss', 'hipaa', 'rbi', 'mas-feat'];

const SECRETS = ['aws_access_key_id', 'aws_secret_access_key', 'github_token', 'slack_token', 'stripe_secret_key', 'google_api_key', 'private_key'] as const;

/** The org's policies, most important first. */
const USER_POLICIES: readonly PolicyInput[] = [
  {
    id: 'secrets',
    kind: 'detector',
    priority: 100,
    stages: ['input', 'tool_call', 'tool_result'],
    types: {
      ...Object.fromEntries(SECRETS.map((t) => [t, { action: 'block' as const }])),
      jwt: { action: 'redact', style: 'label' },
      generic_secret: { action: 'redact', style: 'label', minConfidence: 0.7 },
    },
  },
  {
    id: 'contact-details',
    kind: 'detector',
    stages: ['input', 'output'],
    types: { email: { action: 'redact', style: 'tokenize' }, phone: { action: 'redact', style: 'partial' } },
  },
  {
    id: 'bank-and-travel',
    kind: 'detector',
    types: {
      iban: { action: 'redact', style: 'hash' },
      passport: { action: 'require_approval', minConfidence: 0.9, stages: ['input'] },
      booking_ref: { action: 'log' },
    },
  },
  {
    id: 'indonesia-ids',
    kind: 'detector',
    types: { nik: { action: 'redact', style: 'mask' }, npwp: { action: 'redact', style: 'mask' } },
  },
  {
    id: 'prompt-injection',
    kind: 'text',
    priority: 50,
    stages: ['input'],
    keywords: ['ignore previous instructions', 'ignore all previous instructions', 'disregard your system prompt', 'developer mode', 'jailbreak'],
    action: 'block',
  },
  {
    id: 'confidential-projects',
    kind: 'text',
    patterns: [String.raw`\bproject\s+(?:falcon|orion|nightjar)\b`],
    keywords: ['internal only', 'do not distribute'],
    action: 'warn',
  },
  { id: 'model-allowlist', kind: 'condition', stages: ['input', 'output'], when: { field: 'model', op: 'not_in', value: ['gpt-4o', 'gpt-4.1', 'claude-sonnet-4', 'gemini-2.5-pro'] }, action: 'block' },
  { id: 'interns-no-prod', kind: 'condition', when: { all: [{ field: 'roles', op: 'contains', value: 'intern' }, { field: 'attributes.env', op: 'equals', value: 'prod' }] }, action: 'block' },
  { id: 'high-risk-approval', kind: 'condition', when: { field: 'attributes.risk', op: 'greater_than', value: 7 }, action: 'require_approval' },
  {
    id: 'eu-residency',
    kind: 'condition',
    stages: ['input', 'output'],
    when: { all: [{ field: 'attributes.region', op: 'equals', value: 'eu' }, { not: { field: 'provider', op: 'in', value: ['azure-eu', 'mistral'] } }] },
    action: 'block',
  },
  { id: 'contractors-no-tools', kind: 'condition', stages: ['tool_call'], when: { field: 'roles', op: 'contains_any', value: ['contractor', 'vendor'] }, action: 'block' },
  { id: 'test-clients-blocked', kind: 'condition', when: { field: 'clientId', op: 'regex', value: '^test-' }, action: 'block' },
  { id: 'finance-audit', kind: 'condition', when: { field: 'attributes.department', op: 'equals', value: 'finance' }, action: 'log' },
  {
    id: 'tool-access',
    kind: 'tool',
    stages: ['tool_call'],
    allowTools: ['search.*', 'sql.query', 'crm.lookup'],
    denyTools: ['shell.exec', 'fs.delete', 'crm.export'],
    denyServers: ['untrusted-mcp', 'pastebin-mcp'],
    readOnlyTools: ['sql.query'],
    args: [
      { arg: 'query', scan: 'sql', action: 'block' },
      { arg: 'note', scan: 'pii', types: ['email', 'phone'], action: 'redact' },
    ],
  },
  { id: 'change-ticket', kind: 'check', stages: ['tool_call'], check: 'changeTicketMissing', params: { envs: ['prod'] }, action: 'require_approval' },
  { id: 'ids-in-replies', kind: 'detector', stages: ['output'], types: { ssn: { action: 'block' }, aadhaar: { action: 'block' } } },
  {
    id: 'preview-models-not-in-prod',
    kind: 'condition',
    stages: ['output'],
    when: { all: [{ field: 'model', op: 'contains', value: 'preview' }, { field: 'attributes.env', op: 'equals', value: 'prod' }] },
    action: 'block',
  },
  // Spares, used only if the packs resolve to fewer policies.
  { id: 'token-budget', kind: 'condition', stages: ['input'], when: { field: 'attributes.tokens', op: 'greater_than', value: 100_000 }, action: 'block' },
  { id: 'kiosk-no-tools', kind: 'condition', stages: ['tool_call', 'tool_result'], when: { field: 'attributes.channel', op: 'equals', value: 'kiosk' }, action: 'block' },
  {
    id: 'gov-tenant-region',
    kind: 'condition',
    level: 'tenant',
    when: { all: [{ field: 'attributes.tenant', op: 'equals', value: 'gov' }, { not: { field: 'attributes.region', op: 'equals', value: 'us-gov' } }] },
    action: 'block',
  },
  { id: 'contractor-night', kind: 'condition', when: { all: [{ field: 'roles', op: 'contains', value: 'contractor' }, { field: 'attributes.hour', op: 'less_than', value: 6 }] }, action: 'warn' },
];

/** The code-level check `change-ticket` refers to. */
export const BENCH_CHECKS: Readonly<Record<string, CustomCheck>> = {
  changeTicketMissing: (req, params) => {
    const envs = Array.isArray(params?.envs) ? params.envs : [];
    return envs.includes(req.attributes?.env) && typeof req.attributes?.ticket !== 'string';
  },
};

/** The policy set with `userCount` of the org's policies (the lead decides how many fit 25). */
export function benchPolicySet(userCount: number): PolicySetInput {
  if (userCount < 0 || userCount > USER_POLICIES.length) {
    throw new Error(`the bench needs ${userCount} user policies but defines ${USER_POLICIES.length}`);
  }
  return { version: 'bench-25', packs: [...BENCH_PACKS], policies: USER_POLICIES.slice(0, userCount).map((p) => structuredClone(p)) };
}

/** Attributes of the timed request; mirrored by the Cedar request's context. */
export const BENCH_ATTRIBUTES = {
  env: 'prod', risk: 3, region: 'us', department: 'finance', tenant: 'acme', channel: 'chat', hour: 14, tokens: 900, attachments: 0,
};

/** The timed input-stage request, for a prompt text. */
export function benchRequest(text: string | undefined): DecisionRequestInput {
  return {
    orgId: 'acme',
    clientId: 'web-app',
    userId: 'u-42',
    roles: ['analyst'],
    stage: 'input',
    ...(text === undefined ? {} : { text }),
    model: 'gpt-4o',
    provider: 'openai',
    attributes: BENCH_ATTRIBUTES,
  };
}

export interface ExpectedDecision {
  name: string;
  request: DecisionRequestInput;
  verdict: 'allow' | 'deny' | 'redact' | 'require_approval';
  /** The deciding policy (first of `evaluatedPolicies`), when the verdict is not allow. */
  decidingPolicy?: string;
}

/** Untimed sanity checks of the condition and tool parts: the same situations as the Cedar checks. */
export function expectedDecisions(): ExpectedDecision[] {
  const base = benchRequest(undefined);
  return [
    { name: 'input, analyst, gpt-4o, prod', request: base, verdict: 'allow' },
    { name: 'input, intern in prod', request: { ...base, userId: 'u-7', roles: ['intern'] }, verdict: 'deny', decidingPolicy: 'interns-no-prod' },
    { name: 'output, unlisted preview model', request: { ...base, stage: 'output', model: 'o9-preview' }, verdict: 'deny', decidingPolicy: 'model-allowlist' },
    { name: 'input, high risk', request: { ...base, attributes: { ...BENCH_ATTRIBUTES, risk: 9 } }, verdict: 'require_approval', decidingPolicy: 'high-risk-approval' },
    {
      name: 'tool_call sql.query, clean, with ticket',
      request: { ...base, stage: 'tool_call', attributes: { ...BENCH_ATTRIBUTES, ticket: 'CHG-1' }, tool: { name: 'sql.query', server: 'db-mcp', args: { query: 'SELECT id FROM orders WHERE id = 42' } } },
      verdict: 'allow',
    },
    {
      name: 'tool_call sql.query, DROP TABLE on a read-only tool',
      request: { ...base, stage: 'tool_call', attributes: { ...BENCH_ATTRIBUTES, ticket: 'CHG-1' }, tool: { name: 'sql.query', server: 'db-mcp', args: { query: 'DROP TABLE orders' } } },
      verdict: 'deny',
      decidingPolicy: 'tool-access',
    },
    {
      name: 'tool_call shell.exec',
      request: { ...base, stage: 'tool_call', attributes: { ...BENCH_ATTRIBUTES, ticket: 'CHG-1' }, tool: { name: 'shell.exec', server: 'db-mcp', args: { cmd: 'ls' } } },
      verdict: 'deny',
      decidingPolicy: 'tool-access',
    },
    {
      name: 'tool_call sql.query in prod without a change ticket',
      request: { ...base, stage: 'tool_call', tool: { name: 'sql.query', server: 'db-mcp', args: { query: 'SELECT 1' } } },
      verdict: 'require_approval',
      decidingPolicy: 'change-ticket',
    },
  ];
}
