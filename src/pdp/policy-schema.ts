/**
 * The policy language, as zod schemas. These schemas are the single source of truth: the
 * TypeScript types below are inferred from them, policy files are validated by them, and a
 * bad field is reported with its zod path (see `PolicyConfigError`).
 *
 * Everything here is plain JSON data, so a policy set can live in a file, a database row or
 * an HTTP body. Code-level checks are referenced by name (`kind: 'check'`) and supplied to
 * `createPolicyEngine({ checks })`.
 */
import { z } from 'zod';
import { DETECTOR_TYPES } from '../detectors/types.js';
import { SQL_CATEGORIES } from '../detectors/sql/scan-sql.js';
import { CONDITION_FIELD_PATTERN } from './conditions/resolve-field.js';

/** Where in the request/response cycle a decision is made. */
export const STAGES = ['input', 'output', 'tool_call', 'tool_result'] as const;
export const StageSchema = z.enum(STAGES);
export type Stage = z.infer<typeof StageSchema>;

/** What a policy does when it matches. `off` disables a detector type in that policy. */
export const POLICY_ACTIONS = ['block', 'require_approval', 'redact', 'warn', 'log', 'allow', 'off'] as const;
export const PolicyActionSchema = z.enum(POLICY_ACTIONS);
export type PolicyAction = z.infer<typeof PolicyActionSchema>;

/** How a redacted value is rewritten. */
export const REDACTION_STYLES = ['mask', 'label', 'partial', 'hash', 'tokenize', 'format_preserving'] as const;
export const RedactionStyleSchema = z.enum(REDACTION_STYLES);
export type RedactionStyle = z.infer<typeof RedactionStyleSchema>;

export const DetectorTypeSchema = z.enum(DETECTOR_TYPES);
export const SqlCategorySchema = z.enum(SQL_CATEGORIES);

/**
 * Layer a policy belongs to. Verdicts combine by "most restrictive wins", so a `tenant`
 * policy can add restrictions to `org` and `system` policies but can never remove one.
 * The layer also breaks ties between equally restrictive policies of equal priority
 * (system, then org, then tenant) when choosing the deciding policy.
 */
export const POLICY_LEVELS = ['system', 'org', 'tenant'] as const;
export const PolicyLevelSchema = z.enum(POLICY_LEVELS);
export type PolicyLevel = z.infer<typeof PolicyLevelSchema>;

// ---------------------------------------------------------------------------------------
// Conditions

/**
 * A field of the request a condition can read: `orgId`, `clientId`, `userId`, `roles`,
 * `stage`, `model`, `provider`, `text`, `tool.name`, `tool.server`, `tool.args.<path>`, or
 * `attributes.<path>` (dot-separated).
 */
export const ConditionFieldSchema = z
  .string()
  .regex(
    CONDITION_FIELD_PATTERN,
    'must be one of orgId, clientId, userId, roles, stage, model, provider, text, tool.name, tool.server, tool.args.<path>, attributes.<path>',
  );

export const CONDITION_OPERATORS = [
  'equals', 'not_equals', 'contains', 'not_contains', 'contains_any',
  'greater_than', 'less_than', 'regex', 'in', 'not_in', 'exists',
] as const;
export const ConditionOperatorSchema = z.enum(CONDITION_OPERATORS);
export type ConditionOperator = z.infer<typeof ConditionOperatorSchema>;

const JsonScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One comparison: `{ field: 'model', op: 'in', value: ['gpt-4o', 'gpt-4.1'] }`. */
export const ComparisonSchema = z.strictObject({
  field: ConditionFieldSchema,
  op: ConditionOperatorSchema,
  value: z.union([JsonScalarSchema, z.array(JsonScalarSchema)]).optional(),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

/** A boolean combination of comparisons with `all`, `any` and `not`. */
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    ComparisonSchema,
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

// ---------------------------------------------------------------------------------------
// Policies

const PolicyBase = {
  /** Unique within the set; appears in decisions and audit records. */
  id: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  /** Higher runs first and wins ties between equally restrictive policies. Default 0. */
  priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  level: PolicyLevelSchema.default('org'),
  /** Stages this policy applies to. Default: all. */
  stages: z.array(StageSchema).min(1).optional(),
  /** The policy applies only when this condition holds. */
  when: ConditionSchema.optional(),
  enabled: z.boolean().default(true),
  /** `full`: when this policy matches, the decision carries an `audit` obligation to record it in full. */
  audit: z.literal('full').optional(),
};

/** What to do with one detector type. */
export const DetectorRuleSchema = z.strictObject({
  action: PolicyActionSchema,
  /** Findings below this confidence are ignored by this rule. Default 0.5. */
  minConfidence: z.number().min(0).max(1).optional(),
  /** Narrows the policy's stages for this type. */
  stages: z.array(StageSchema).min(1).optional(),
  /** Redaction style when `action` is `redact`. Default `label`. */
  style: RedactionStyleSchema.optional(),
});
export type DetectorRule = z.infer<typeof DetectorRuleSchema>;

/** Per-type actions for the built-in detectors. */
export const DetectorPolicySchema = z.strictObject({
  ...PolicyBase,
  kind: z.literal('detector'),
  types: z.partialRecord(DetectorTypeSchema, DetectorRuleSchema),
});

/** Keyword and regular-expression rules over the request's text. */
export const TextPolicySchema = z.strictObject({
  ...PolicyBase,
  kind: z.literal('text'),
  keywords: z.array(z.string().min(1).max(500)).max(10_000).optional(),
  /** JavaScript regular-expression sources; compiled once, when the engine is created. */
  patterns: z.array(z.string().min(1).max(2000)).max(1_000).optional(),
  caseSensitive: z.boolean().default(false),
  action: PolicyActionSchema,
  /** Redaction style for matched spans when `action` is `redact`. Default `label`. */
  style: RedactionStyleSchema.optional(),
});

/** A policy that acts on a condition alone: `{ when: { field: 'model', op: 'in', value: [...] }, action: 'block' }`. */
export const ConditionPolicySchema = z.strictObject({
  ...PolicyBase,
  kind: z.literal('condition'),
  when: ConditionSchema,
  action: PolicyActionSchema,
});

/** Scan one tool argument. `arg` is a dot path into `tool.args`. */
export const ToolArgumentRuleSchema = z.strictObject({
  arg: z.string().min(1).max(200),
  /** `sql`: run the SQL-injection scanner; `pii`: run the detectors. */
  scan: z.enum(['sql', 'pii']),
  /** For `sql`: which categories trigger. Default: every category except `dangerous_query`. */
  categories: z.array(SqlCategorySchema).min(1).optional(),
  /** For `pii`: which types trigger. Default: all. */
  types: z.array(DetectorTypeSchema).min(1).optional(),
  action: PolicyActionSchema,
});

/** Allow and deny lists of tools and MCP servers, and argument rules. */
export const ToolPolicySchema = z.strictObject({
  ...PolicyBase,
  kind: z.literal('tool'),
  /** When present, a tool not on this list is blocked. Names may end in `*` as a prefix wildcard. */
  allowTools: z.array(z.string().min(1)).optional(),
  denyTools: z.array(z.string().min(1)).optional(),
  allowServers: z.array(z.string().min(1)).optional(),
  denyServers: z.array(z.string().min(1)).optional(),
  /** Tools that must only read: a `dangerous_query` in any SQL argument rule is blocked on them. */
  readOnlyTools: z.array(z.string().min(1)).optional(),
  args: z.array(ToolArgumentRuleSchema).optional(),
});

/** A check written in code, registered by name in `createPolicyEngine({ checks })`. */
export const CheckPolicySchema = z.strictObject({
  ...PolicyBase,
  kind: z.literal('check'),
  check: z.string().min(1).max(200),
  action: PolicyActionSchema,
  /** Passed to the check function as its second argument. */
  params: z.record(z.string(), z.unknown()).optional(),
});

export const PolicySchema = z.discriminatedUnion('kind', [
  DetectorPolicySchema,
  TextPolicySchema,
  ConditionPolicySchema,
  ToolPolicySchema,
  CheckPolicySchema,
]);
export type Policy = z.infer<typeof PolicySchema>;
/** A policy as written (defaults not yet applied). */
export type PolicyInput = z.input<typeof PolicySchema>;
export type DetectorPolicy = z.infer<typeof DetectorPolicySchema>;
export type TextPolicy = z.infer<typeof TextPolicySchema>;
export type ConditionPolicy = z.infer<typeof ConditionPolicySchema>;
export type ToolPolicy = z.infer<typeof ToolPolicySchema>;
export type CheckPolicy = z.infer<typeof CheckPolicySchema>;
export type ToolArgumentRule = z.infer<typeof ToolArgumentRuleSchema>;

export const COMPLIANCE_PACKS = ['pci-dss', 'hipaa', 'rbi', 'sebi', 'mas-feat', 'ojk', 'eu-ai-act'] as const;
export const CompliancePackNameSchema = z.enum(COMPLIANCE_PACKS);
export type CompliancePackName = z.infer<typeof CompliancePackNameSchema>;

/**
 * A versioned policy set.
 *
 * @example
 * ```ts
 * const policies: PolicySetInput = {
 *   schemaVersion: 1,
 *   version: '2026-11-29.1',
 *   packs: ['pci-dss'],
 *   policies: [{ id: 'no-secrets', kind: 'detector', types: { aws_secret_access_key: { action: 'block' } } }],
 * };
 * ```
 */
export const PolicySetSchema = z
  .strictObject({
    /** Version of this policy language. Only `1` exists. */
    schemaVersion: z.literal(1).default(1),
    /** Your version label for this set; it is copied into every decision. Default: a content hash. */
    version: z.string().min(1).max(200).optional(),
    /** Compliance packs to include; their policies are added before yours. */
    packs: z.array(CompliancePackNameSchema).default([]),
    policies: z.array(PolicySchema).default([]),
    /** `closed` (default): an evaluation error denies. `open` allows instead, and says so in the decision. */
    failMode: z.enum(['closed', 'open']).default('closed'),
  })
  .superRefine((set, ctx) => {
    const seen = new Map<string, number>();
    set.policies.forEach((p, i) => {
      const first = seen.get(p.id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['policies', i, 'id'], message: `duplicate policy id ${JSON.stringify(p.id)} (first used at policies[${first}])` });
      } else seen.set(p.id, i);
    });
  });
export type PolicySet = z.infer<typeof PolicySetSchema>;
export type PolicySetInput = z.input<typeof PolicySetSchema>;
