/**
 * `new Date(ms).toISOString()`, without formatting a date per decision: `toISOString` costs
 * more than the rest of a small decision's bookkeeping. The formatted second is kept, and
 * each millisecond within it only appends its three digits.
 */
/** Date's range ends this many milliseconds either side of 1970 (ECMA-262 time values). */
const MAX_TIME = 8.64e15;
let second = Number.NaN;
/** `YYYY-MM-DDTHH:MM:SS.` of `second`. */
let secondPrefix = '';
let lastMs = Number.NaN;
let lastIso = '';

/**
 * The ISO 8601 form of a Unix-millisecond time, exactly as `toISOString` gives it. Throws
 * RangeError for an invalid time, as `toISOString` does.
 *
 * @example
 * ```ts
 * isoTimestamp(0); // '1970-01-01T00:00:00.000Z'
 * ```
 */
export function isoTimestamp(ms: number): string {
  if (ms === lastMs) return lastIso;
  // Fractional times are truncated by Date, and the last second of its range holds only its
  // first millisecond: leave those (and invalid times) to it.
  if (!Number.isInteger(ms) || ms >= MAX_TIME || ms <= -MAX_TIME) return new Date(ms).toISOString();
  const s = Math.floor(ms / 1000) * 1000;
  if (s !== second) {
    const iso = new Date(ms).toISOString();
    secondPrefix = iso.slice(0, iso.length - 4); // drop `mmmZ`
    second = s;
  }
  const milli = ms - s;
  lastIso = `${secondPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  lastMs = ms;
  return lastIso;
}
