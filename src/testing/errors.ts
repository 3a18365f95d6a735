/**
 * Errors thrown by `gatehouse/testing`. A failed law is a {@link PolicyLawError}; a helper
 * called with something it cannot use is an {@link InvalidTestingArgumentError}.
 */
import { GatehouseError } from '../errors.js';

/**
 * A helper of `gatehouse/testing` was called with an argument it cannot use: a type with no
 * generator, or a request template the engine rejects. The message says what to pass instead.
 */
export class InvalidTestingArgumentError extends GatehouseError {
  constructor(message: string) {
    super('INVALID_TESTING_ARGUMENT', message);
  }
}

/**
 * A policy law did not hold. The message names the law, the counterexample fast-check found
 * (shrunk to the smallest it could), and how to replay it (`seed` and `path`).
 *
 * @example
 * ```ts
 * try { expectNeverReaches(engine, 'credit_card', { stage: 'input' }) }
 * catch (e) { if (e instanceof PolicyLawError) console.error(e.message) }
 * ```
 */
export class PolicyLawError extends GatehouseError {
  /** The law that failed, e.g. `expectNeverReaches(credit_card)`. */
  readonly law: string;
  constructor(law: string, report: string, cause?: unknown) {
    super('POLICY_LAW_VIOLATED', `${law} failed.\n${report}`, { cause });
    this.law = law;
  }
}
