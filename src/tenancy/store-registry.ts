/**
 * Links each store to what only Gatehouse may reach, without putting it on the public
 * interface: the key its drivers use to recognise "inside this store's withTenant()"
 * (scope-guard.ts), and how storeThreadHandle() hands it to another thread.
 */
import { GatehouseTypeError } from '../errors.js';
import type { StoreHandleSource } from './store-thread-handle.js';
import type { GatehouseStore } from './store.js';

interface StoreInternals {
  readonly scopeKey: object;
  readonly handleSource: StoreHandleSource | undefined;
}

const internals = new WeakMap<GatehouseStore, StoreInternals>();

export function registerStore(store: GatehouseStore, scopeKey: object, handleSource?: StoreHandleSource): void {
  internals.set(store, { scopeKey, handleSource });
}

/** How to hand a store made by `openStore()` (or `openStoreFromHandle()`) to another thread; undefined for anything else. */
export function handleSourceOf(store: GatehouseStore): StoreHandleSource | undefined {
  return typeof store === 'object' && store !== null ? internals.get(store)?.handleSource : undefined;
}

/** The scope key of a store made by `openStore()`; anything else is a type error. */
export function scopeKeyOf(store: GatehouseStore): object {
  const key = typeof store === 'object' && store !== null ? internals.get(store)?.scopeKey : undefined;
  if (key === undefined) throw new GatehouseTypeError('The "store" argument must be a store returned by openStore().');
  return key;
}
