/**
 * The rules `gatehouse scan` reports under: one per detector type and one per SQL-injection
 * category. Their ids are stable (SARIF consumers such as code-scanning dashboards key alerts
 * on them).
 */
import { SQL_CATEGORIES, type SqlCategory } from '../../detectors/sql/scan-sql.js';
import { PII_TYPES, SECRET_TYPES, type DetectorType } from '../../detectors/types.js';

/** What kind of thing a rule finds. */
export type ScanRuleKind = 'pii' | 'secret' | 'sql';

/** One rule. `type` is the detector type, or `sql:<category>` for SQL findings. */
export interface ScanRule {
  /** `pii/email`, `secret/github_token`, `sqli/union_based`. */
  id: string;
  type: string;
  kind: ScanRuleKind;
  /** SARIF level. Secrets and injections are errors, personal data a warning. */
  level: 'error' | 'warning';
  /** What it finds, for people. */
  description: string;
}

const DETECTOR_DESCRIPTIONS: Readonly<Record<DetectorType, string>> = {
  credit_card: 'Payment card number',
  iban: 'International bank account number (IBAN)',
  aadhaar: 'Aadhaar number (India)',
  pan: 'Permanent account number (India)',
  ssn: 'Social Security number (US)',
  email: 'Email address',
  phone: 'Phone number',
  dob: 'Date of birth',
  nric: 'NRIC number (Singapore)',
  fin: 'FIN number (Singapore)',
  uen: 'Unique entity number (Singapore)',
  passport: 'Passport number',
  booking_ref: 'Airline booking reference',
  nik: 'NIK number (Indonesia)',
  npwp: 'NPWP tax number (Indonesia)',
  aws_access_key_id: 'AWS access key id',
  aws_secret_access_key: 'AWS secret access key',
  github_token: 'GitHub token',
  slack_token: 'Slack token',
  stripe_secret_key: 'Stripe secret key',
  google_api_key: 'Google API key',
  private_key: 'Private key',
  jwt: 'JSON Web Token',
  generic_secret: 'Password or secret assigned to a labelled field',
};

const SQL_DESCRIPTIONS: Readonly<Record<SqlCategory, string>> = {
  union_based: 'SQL injection: UNION-based',
  boolean_blind: 'SQL injection: boolean-based blind',
  time_based: 'SQL injection: time-based blind',
  error_based: 'SQL injection: error-based',
  stacked_queries: 'SQL injection: stacked queries',
  comment_truncation: 'SQL injection: comment truncation',
  nosql_injection: 'NoSQL injection: MongoDB operators or server-side JavaScript',
  ldap_injection: 'LDAP filter injection',
  dangerous_query: 'Destructive or reconnaissance SQL',
};

/** The `type` of a SQL finding: `sql:` and the category. */
export function sqlType(category: SqlCategory): string {
  return `sql:${category}`;
}

/** Every rule, in a fixed order: PII, secrets, then SQL. */
export const SCAN_RULES: readonly ScanRule[] = [
  ...PII_TYPES.map((type): ScanRule => ({ id: `pii/${type}`, type, kind: 'pii', level: 'warning', description: DETECTOR_DESCRIPTIONS[type] })),
  ...SECRET_TYPES.map((type): ScanRule => ({ id: `secret/${type}`, type, kind: 'secret', level: 'error', description: DETECTOR_DESCRIPTIONS[type] })),
  ...SQL_CATEGORIES.map((c): ScanRule => ({
    id: `sqli/${c}`, type: sqlType(c), kind: 'sql', level: c === 'dangerous_query' ? 'warning' : 'error', description: SQL_DESCRIPTIONS[c],
  })),
];

const BY_TYPE: ReadonlyMap<string, ScanRule> = new Map(SCAN_RULES.map((r) => [r.type, r]));

/** The rule for a finding's `type`. */
export function ruleFor(type: string): ScanRule {
  const rule = BY_TYPE.get(type);
  if (rule === undefined) throw new Error(`no scan rule for type ${type}`); // a bug: every type has a rule
  return rule;
}
