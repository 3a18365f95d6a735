/**
 * The Decision: what `decide()` returns, what adapters enforce and what the audit store
 * records. It never holds a raw detected value, except inside a `restore` obligation, which
 * the host keeps in memory to undo reversible redaction and which audit never stores.
 */
import type { DetectorType } from '../detectors/types.js';
import type { SqlCategory } from '../detectors/sql/scan-sql.js';
import type { PolicyAction, RedactionStyle, Stage } from './policy-schema.js';
import type { Message } from './request-schema.js';

export const VERDICTS = ['allow', 'redact', 'require_approval', 'deny'] as const;
/** The outcome. Most restrictive wins: deny > require_approval > redact > allow. */
export type Verdict = (typeof VERDICTS)[number];

/**
 * Where a finding was made: `text`, `text$.user.card` (a JSON leaf of the text),
 * `messages[2].content`, `messages[0].content[1].text`, `tool.args$.query`.
 */
export type FindingSource = string;

/** A detector finding as a decision reports it: no raw value. */
export interface DecisionFinding {
  type: DetectorType;
  /** UTF-16 offsets into the source string. */
  start: number;
  end: number;
  confidence: number;
  source: FindingSource;
}

/**
 * One policy's part in the decision. The deciding policy is first. The entry of a policy that
 * did not match is frozen and shared by every decision of the engine: copy it to change it.
 */
export interface EvaluatedPolicy {
  id: string;
  matched: boolean;
  /** The effective action this policy asked for (`allow` when it did not match). */
  action: PolicyAction;
}

/** Why the verdict is what it is. Codes are stable; `message` is for humans. */
export interface Reason {
  code:
    | 'policy_matched'
    | 'detector_finding'
    | 'text_rule'
    | 'condition'
    | 'tool_denied'
    | 'tool_not_allowed'
    | 'server_denied'
    | 'server_not_allowed'
    | 'sql_injection'
    | 'dangerous_query'
    | 'custom_check'
    | 'circuit_open'
    | 'invalid_request'
    | 'org_mismatch'
    | 'evaluation_error'
    | 'fail_open';
  policyId?: string;
  message: string;
  /** Detector type, SQL category, breaker scope… whatever the code refers to. */
  detail?: Record<string, unknown>;
}

/** Things the enforcement point must do along with the verdict. */
export type Obligation =
  | { type: 'redact'; styles: Partial<Record<DetectorType | 'text_rule', RedactionStyle>> }
  /** Maps each substituted token (or format-preserving pseudonym) back to the original value. In memory only: never audited. */
  | { type: 'restore'; tokens: Record<string, string> }
  | { type: 'warn'; policyId: string; message: string }
  | { type: 'log'; policyId: string }
  | { type: 'approval'; policyIds: string[] }
  | { type: 'audit'; level: 'full' };

/** A breaker scope. `key` is the org id, client id, policy id, model name or tool name. */
export interface BreakerState {
  scope: 'org' | 'client' | 'policy' | 'model' | 'tool';
  key: string;
  /** The org the breaker belongs to; absent for a breaker that covers every org. */
  orgId?: string;
  reason?: string;
  /** ISO time; a breaker past its expiry is closed. Absent: tripped until reset. */
  expiresAt?: string;
}

export interface Decision {
  /** UUIDv7: sorts by time. */
  decisionId: string;
  verdict: Verdict;
  reasons: Reason[];
  evaluatedPolicies: EvaluatedPolicy[];
  findings: DecisionFinding[];
  /** SQL-injection categories found in scanned tool arguments. */
  sqlCategories?: SqlCategory[];
  redactedText?: string;
  redactedMessages?: Message[];
  redactedToolArgs?: unknown;
  obligations: Obligation[];
  /** ISO 8601. */
  timestamp: string;
  stage: Stage | null;
  identity: { orgId: string | null; clientId: string | null; userId: string | null };
  policySetVersion: string;
  traceId?: string;
  /** Present when `failMode: 'open'` turned an evaluation error into an allow. */
  failedOpen?: boolean;
  /** zod issues, for `invalid_request`. */
  issues?: { path: (string | number)[]; message: string }[];
}

const RANK: Readonly<Record<Verdict, number>> = { allow: 0, redact: 1, require_approval: 2, deny: 3 };

/** The more restrictive of two verdicts. */
export function stricter(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Numeric restrictiveness, 0 (allow) to 3 (deny). */
export function verdictRank(v: Verdict): number {
  return RANK[v];
}

/** The verdict a policy action leads to. `warn`, `log`, `allow` and `off` do not restrict. */
export function verdictOf(action: PolicyAction): Verdict {
  switch (action) {
    case 'block': return 'deny';
    case 'require_approval': return 'require_approval';
    case 'redact': return 'redact';
    default: return 'allow';
  }
}

/** Restrictiveness of an action, finer than the verdict so that warn beats log beats allow. */
export function actionRank(action: PolicyAction): number {
  switch (action) {
    case 'block': return 6;
    case 'require_approval': return 5;
    case 'redact': return 4;
    case 'warn': return 3;
    case 'log': return 2;
    case 'allow': return 1;
    default: return 0;
  }
}
