/**
 * Catches `store.app` (or `store.admin`) being used inside a `withTenant()` callback instead of
 * the `trx` argument. On PGlite the callback's transaction holds the single connection, so the
 * stray query would wait for it forever; on PostgreSQL it would silently run on another pooled
 * connection, outside the tenant. Both are bugs, so both fail fast with the same typed error.
 *
 * The scope travels in an AsyncLocalStorage. While enabled, its async hook runs for every
 * promise of the process (a few µs per HTTP request in Decision Mode), so it is enabled only
 * while some scope is running: when the last one settles, nothing can be inside a scope, and
 * the storage is disabled until the next scope starts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { NestedStoreAccessError } from './errors.js';

interface ActiveScope {
  readonly key: object;
  active: boolean;
}

const activeScope = new AsyncLocalStorage<ActiveScope>();
/** Scopes started and not yet settled, across every store. */
let running = 0;

/**
 * Runs `fn` marked as inside a scope of the store identified by `key`. The mark ends when `fn`
 * settles, so a timer that `fn` left behind may use the store again later.
 */
export async function runInScope<T>(key: object, fn: () => Promise<T>): Promise<T> {
  const scope: ActiveScope = { key, active: true };
  running++;
  try {
    return await activeScope.run(scope, fn);
  } finally {
    scope.active = false;
    // run() enables the storage again for the next scope.
    if (--running === 0) activeScope.disable();
  }
}

/** Throws {@link NestedStoreAccessError} when called inside a live scope of the same store. */
export function assertNotInScope(key: object): void {
  if (running === 0) return;
  const scope = activeScope.getStore();
  if (scope !== undefined && scope.active && scope.key === key) throw new NestedStoreAccessError();
}
