/**
 * US Social Security numbers (`AAA-GG-SSSS`). There is no check digit; validity is the set of
 * ranges the Social Security Administration never issues, plus a few numbers that were printed
 * in advertising and so are known not to identify anyone.
 */

/**
 * Numbers that are structurally valid but public: 078-05-1120 (the Woolworth wallet card of
 * 1938), 219-09-9999 (an SSA pamphlet of 1940) and 457-55-5462 (a 2007 advertising campaign).
 * 123-45-6789 is deliberately not listed: it is the placeholder people type when they test a
 * redactor, and masking a placeholder costs nothing while missing a real number costs a lot.
 */
const PUBLISHED_SSNS: ReadonlySet<string> = new Set(['078051120', '219099999', '457555462']);

const SSN_SHAPE = /^(\d{3})([- ]?)(\d{2})\2(\d{4})$/;

/**
 * Is `value` an SSN that could have been issued? Accepts `AAA-GG-SSSS`, `AAA GG SSSS` (one
 * separator, used consistently) or nine bare digits. Rejects area 000, 666 and 900–999 (the
 * 9xx range is used by ITINs), group 00, serial 0000, and the few numbers published in
 * advertising.
 *
 * @example
 * ```ts
 * isValidSsn('536-90-4399'); // true
 * isValidSsn('666-12-3456'); // false: area 666 is never issued
 * isValidSsn('078-05-1120'); // false: the Woolworth wallet card
 * ```
 */
export function isValidSsn(value: string): boolean {
  if (typeof value !== 'string') return false;
  const m = SSN_SHAPE.exec(value);
  if (!m) return false;
  return isValidSsnParts(m[1]!, m[3]!, m[4]!);
}

/**
 * Is the SSN made of these three digit groups issuable? The parts must be exactly 3, 2 and 4
 * digits; see {@link isValidSsn} for the rules.
 *
 * @example
 * ```ts
 * isValidSsnParts('536', '90', '4399'); // true
 * isValidSsnParts('536', '00', '4399'); // false: group 00
 * ```
 */
export function isValidSsnParts(area: string, group: string, serial: string): boolean {
  if (!/^\d{3}$/.test(area) || !/^\d{2}$/.test(group) || !/^\d{4}$/.test(serial)) return false;
  if (area === '000' || area === '666' || area.charCodeAt(0) === 57 /* 9xx */) return false;
  if (group === '00' || serial === '0000') return false;
  return !PUBLISHED_SSNS.has(area + group + serial);
}
