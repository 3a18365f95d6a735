import { GatehouseTypeError } from '../../errors.js';

/**
 * The operator of the whole deployment, as opposed to a member of one org: what the CLI acts as
 * (it runs with the admin database connection). It passes every management check in every org,
 * and is the only actor that may manage what belongs to no org (admin API keys) or spans all
 * orgs (`rotateAllOrgs`). Make one with {@link platformOperator}.
 */
export interface PlatformOperator {
  readonly kind: 'platform_operator';
  /** Who is operating, e.g. `cli:ana`: recorded in the audit trail, so never a secret. */
  readonly id: string;
}

// Only values made by platformOperator() count. A look-alike object (parsed from JSON, spread,
// structured-cloned) is not in the set, so request data can never become an operator.
const minted = new WeakSet<object>();

/**
 * The platform-operator actor, for trusted operator code only: the CLI, migrations, your own
 * admin scripts. Never build one from anything a request carries; an HTTP route acting for an
 * org member passes that member's `{ id, orgId, roles }` instead.
 *
 * @example
 * ```ts
 * const operator = platformOperator(`cli:${process.env.USER}`);
 * await keys.create({ orgId: null, kind: 'admin', clientId: 'ops', actor: operator });
 * await credentials.rotateAllOrgs(operator);
 * ```
 */
export function platformOperator(id: string): PlatformOperator {
  if (typeof id !== 'string' || id.trim() === '' || id.length > 256 || id.includes('\0')) {
    throw new GatehouseTypeError('platformOperator(id): id must name who is operating in 1 to 256 characters (no NUL), e.g. "cli:ana".');
  }
  const operator: PlatformOperator = Object.freeze({ kind: 'platform_operator', id: id.trim() });
  minted.add(operator);
  return operator;
}

/** True only for a value {@link platformOperator} returned. */
export function isPlatformOperator(value: unknown): value is PlatformOperator {
  return typeof value === 'object' && value !== null && minted.has(value);
}
