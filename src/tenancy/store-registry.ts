/**
 * Links each store to the key its drivers use to recognise "inside this store's withTenant()"
 * (scope-guard.ts), without putting the key on the public interface.
 */
import { GatehouseTypeError } from '../errors.js';
import type { GatehouseStore } from './store.js';

const scopeKeys = new WeakMap<GatehouseStore, object>();

export function registerStore(store: GatehouseStore, scopeKey: object): void {
  scopeKeys.set(store, scopeKey);
}

/** The scope key of a store made by `openStore()`; anything else is a type error. */
export function scopeKeyOf(store: GatehouseStore): object {
  const key = typeof store === 'object' && store !== null ? scopeKeys.get(store) : undefined;
  if (key === undefined) throw new GatehouseTypeError('The "store" argument must be a store returned by openStore().');
  return key;
}
