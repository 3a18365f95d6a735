/**
 * Sorting the handful of spans a decision has. `Array.prototype.sort` copies its input into a
 * work array on every call, which for two to a dozen spans costs more than the sort itself;
 * an insertion sort of so few does no allocation. Both are stable, so the order is the same.
 */

/** Up to this many elements are sorted by insertion. */
const SMALL = 16;

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
  if (items.length > SMALL) return items.sort(compare);
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
