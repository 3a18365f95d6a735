import { GatehouseError } from '../../errors.js';

/**
 * A helper of the wrapped client that would reach the model without going through the governed
 * `create()` (the SDK's helpers call the unwrapped client internally), so it is refused.
 */
export class UngovernedMethodError extends GatehouseError {
  readonly method: string;
  constructor(method: string, instead: string) {
    super('UNGOVERNED_METHOD', `${method}() would call the model without Gatehouse's checks, so the wrapped client refuses it. Use ${instead} instead.`);
    this.method = method;
  }
}
