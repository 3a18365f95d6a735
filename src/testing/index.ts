/**
 * `gatehouse/testing`: property-based fuzzing of your own policies, in your own CI.
 *
 * - Arbitraries (fast-check) for every detector type: valid values with correct check digits
 *   ({@link validValue}), near misses with one character off ({@link nearMissValue}), prompts
 *   that embed them ({@link promptWith}), and SQL injection and benign SQL.
 * - Laws over a policy engine that throw a readable counterexample when they break:
 *   {@link expectNeverReaches}, {@link expectAlwaysDenied}, {@link expectVerdictAtLeast},
 *   {@link expectNoFalsePositives}.
 *
 * fast-check is a peer dependency: install it next to gatehouse (`npm i -D fast-check`).
 *
 * @example
 * ```ts
 * import { createPolicyEngine } from 'gatehouse';
 * import { expectNeverReaches } from 'gatehouse/testing';
 *
 * const engine = createPolicyEngine({ policies: { packs: ['pci-dss'] } });
 * expectNeverReaches(engine, 'credit_card', { stage: 'input' });
 * ```
 */
export { validValue, nearMissValue, CHECKSUM_TYPES, type ChecksumType } from './arbitraries/values.js';
export { promptWith, PROMPT_SHAPES, type PromptShape, type PromptWithOptions, type EmbeddedValue } from './arbitraries/prompts.js';
export { sqlInjection, benignSql, SQL_INJECTION_SHAPES, type SqlInjectionShape } from './arbitraries/sql.js';
export { cardNumber, CARD_NETWORKS, type CardNetwork } from './arbitraries/cards.js';
export { iban, IBAN_COUNTRIES } from './arbitraries/ibans.js';
export { phone, PHONE_REGIONS, type PhoneForm } from './arbitraries/contact.js';
export { td3Mrz, type Td3Mrz } from './arbitraries/travel.js';
export {
  expectNeverReaches, expectAlwaysDenied, expectVerdictAtLeast, expectNoFalsePositives,
  type LawEngine, type RequestTemplate, type LawOptions, type NeverReachesOptions, type LawSample,
} from './laws.js';
export { PolicyLawError, InvalidTestingArgumentError } from './errors.js';
