/**
 * A least-recently-used map with a fixed capacity. A Map keeps insertion order, so moving a
 * key to the end on every hit makes the first key the least recently used one.
 */
export class BoundedLru<K, V> {
  readonly #map = new Map<K, V>();
  readonly #capacity: number;
  /** The most recently used key: a hit on it needs no reordering (a Map's delete and set churn its table). */
  #newest: K | undefined;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined && key !== this.#newest) {
      this.#map.delete(key);
      this.#map.set(key, value);
      this.#newest = key;
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    this.#newest = key;
    if (this.#map.size > this.#capacity) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }
}
