/**
 * Case folding that keeps UTF-16 offsets.
 *
 * `String.prototype.toLowerCase` may change a string's length (`İ` becomes two code units),
 * which would shift every match offset. Folding one code unit at a time, and leaving alone
 * the few units whose lower case is longer, keeps `text.slice(start, end)` exact.
 */

let table: Uint16Array | undefined;

/**
 * Maps every UTF-16 code unit to its lower-case code unit (or itself). Built on first use,
 * then shared by every case-insensitive keyword matcher.
 */
export function caseFoldTable(): Uint16Array {
  if (table !== undefined) return table;
  const t = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    t[unit] = unit;
    // Lone surrogates have no case.
    if (unit >= 0xd800 && unit <= 0xdfff) continue;
    const lower = String.fromCharCode(unit).toLowerCase();
    if (lower.length === 1) t[unit] = lower.charCodeAt(0);
  }
  table = t;
  return t;
}
