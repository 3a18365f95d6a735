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
 *
 * A `withTenant()` scope also carries its org id from the start of its transaction to the
 * store's driver, which sets it in BEGIN's own message (see transaction-prelude.ts): one round
 * trip fewer per transaction than a `set_config` after BEGIN.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { NestedStoreAccessError } from './errors.js';

interface ActiveScope {
  readonly key: object;
  active: boolean;
  /** Set by a withTenant() until its transaction's BEGIN (or its fallback) applies it. */
  pendingOrgId: string | undefined;
}

const activeScope = new AsyncLocalStorage<ActiveScope>();
/** Scopes started and not yet settled, across every store. */
let running = 0;

/**
 * Runs `fn` marked as inside a scope of the store identified by `key`. The mark ends when `fn`
 * settles, so a timer that `fn` left behind may use the store again later.
 */
export function runInScope<T>(key: object, fn: () => Promise<T>): Promise<T> {
  // Entered after the driver's acquireConnection() checked for a live scope already.
  return enterScope({ key, active: true, pendingOrgId: undefined }, fn, false);
}

/** A withTenant() scope: not yet active while its transaction is being opened. */
export interface TenantScope {
  active: boolean;
  pendingOrgId: string | undefined;
}

/**
 * Runs `fn` with `orgId` pending for the first app transaction that the store identified by
 * `key` begins in it (see {@link takePendingOrgId}). The scope starts inactive, so that
 * opening the transaction may acquire a connection; `fn` marks it active around the callback.
 * Refuses to start inside a live scope of the same store.
 */
export function runTenantScope<T>(key: object, orgId: string, fn: (scope: TenantScope) => Promise<T>): Promise<T> {
  return enterScope({ key, active: false, pendingOrgId: orgId }, fn, true);
}

/**
 * The bookkeeping of both kinds of scope: runs `fn(scope)` in the storage, counted in `running`
 * while it runs, and ends the scope when `fn` settles; the last scope to settle disables the
 * storage. With `refuseNested`, first rejects inside a live scope of the same store.
 */
async function enterScope<T>(scope: ActiveScope, fn: (scope: TenantScope) => Promise<T>, refuseNested: boolean): Promise<T> {
  if (refuseNested) assertNotInScope(scope.key);
  running++;
  try {
    return await activeScope.run(scope, fn, scope);
  } finally {
    scope.active = false;
    scope.pendingOrgId = undefined;
    // run() enables the storage again for the next scope.
    if (--running === 0) activeScope.disable();
  }
}

/**
 * For a driver's beginTransaction() on the app connection of the store identified by `key`: the
 * org id of the withTenant() that is opening this transaction, taken (so it applies once), or
 * undefined outside one.
 */
export function takePendingOrgId(key: object): string | undefined {
  if (running === 0) return undefined;
  const scope = activeScope.getStore();
  if (scope === undefined || scope.key !== key || scope.active) return undefined;
  const orgId = scope.pendingOrgId;
  scope.pendingOrgId = undefined;
  return orgId;
}

/** Throws {@link NestedStoreAccessError} when called inside a live scope of the same store. */
export function assertNotInScope(key: object): void {
  if (running === 0) return;
  const scope = activeScope.getStore();
  if (scope !== undefined && scope.active && scope.key === key) throw new NestedStoreAccessError();
}
