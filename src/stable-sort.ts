/**
 * Sorting the handful of spans or candidates a call has (detect()'s candidates, a decision's
 * spans). `Array.prototype.sort` copies its input into a work array on every call, which for two
 * to a dozen items costs more than the sort itself; an insertion sort of so few does no
 * allocation. Both are stable, so the order is the same.
 */

/** Up to this many elements are sorted by insertion. */
export const SMALL_STABLE_SORT = 16;

/**
 * Sorts `items` in place, stably, by `compare` (as `Array.prototype.sort` would), and returns it.
 *
 * @example
 * ```ts
 * sortStable([{ k: 2, id: 'a' }, { k: 1, id: 'b' }, { k: 2, id: 'c' }], (x, y) => x.k - y.k);
 * // [{ k: 1, id: 'b' }, { k: 2, id: 'a' }, { k: 2, id: 'c' }]
 * ```
 */
export function sortStable<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > SMALL_STABLE_SORT) return items.sort(compare);
  for (let k = 1; k < items.length; k++) {
    const item = items[k]!;
    let j = k - 1;
    while (j >= 0 && compare(items[j]!, item) > 0) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}
