import type { DetectorType } from '../../detectors/types.js';
import type { SqlCategory } from '../../detectors/sql/scan-sql.js';
import type { Reason } from '../decision.js';
import type { PolicyAction, RedactionStyle } from '../policy-schema.js';
import type { CompiledPolicy } from '../policy-set/compiled-policy.js';
import type { ScanUnit } from './scan-units.js';

/** A span of one scan unit that a matched policy wants rewritten. */
export interface UnitSpan {
  unit: ScanUnit;
  start: number;
  end: number;
  type: DetectorType | 'text_rule';
  style: RedactionStyle;
}

/** What one policy concluded about one request. */
export interface PolicyOutcome {
  compiled: CompiledPolicy;
  matched: boolean;
  /** The most restrictive action among the policy's matched rules; `allow` when nothing matched. */
  action: PolicyAction;
  reasons: Reason[];
  spans: UnitSpan[];
  sqlCategories?: SqlCategory[];
}

export function noMatch(compiled: CompiledPolicy): PolicyOutcome {
  return { compiled, matched: false, action: 'allow', reasons: [], spans: [] };
}
