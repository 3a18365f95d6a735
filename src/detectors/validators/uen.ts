/**
 * Singapore UEN (Unique Entity Number, issued through ACRA and other agencies). Four shapes:
 *
 * - business (ROB): 8 digits + check letter, e.g. `53125226D`;
 * - local company (ROC): year of registration (4 digits) + 5 digits + check letter, e.g. `201434292D`;
 * - other entities: `R`/`S`/`T` (1800s/1900s/2000s) + 2-digit year + 2-letter entity type +
 *   4 digits + check letter, e.g. `T08LL0003B`;
 * - foreign companies registered before 2009: `F000` + 5 digits + a letter. No check algorithm
 *   for this legacy shape is published, so only its layout is checked.
 *
 * The check letters are weighted sums modulo 11 looked up in per-shape tables. These tables are
 * not in an official specification; they are the ones used by public validators (Presidio's
 * SgUenRecognizer cites them) and they agree with every valid number in python-stdnum's
 * test data while rejecting its invalid ones.
 */
import { isAsciiDigit as isDigitCode } from '../char-codes.js';

/** Which of the UEN shapes a valid number has. */
export type SgUenKind = 'business' | 'local_company' | 'other' | 'foreign_company';

const BUSINESS_WEIGHTS = [10, 4, 9, 3, 8, 2, 7, 1] as const;
const BUSINESS_LETTERS = 'XMKECAWLJDB';
const LOCAL_COMPANY_WEIGHTS = [10, 8, 6, 4, 9, 7, 5, 3, 1] as const;
const LOCAL_COMPANY_LETTERS = 'ZKCMDNERGWH';
const OTHER_WEIGHTS = [4, 3, 5, 3, 10, 2, 2, 5, 7] as const;
/** Value of each character in an "other entity" UEN; its first 11 letters double as the check table. */
const OTHER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWX0123456789';

/** ACRA's entity-type codes for the "other entities" shape (third and fourth characters). */
export const SG_UEN_ENTITY_TYPES: ReadonlySet<string> = new Set([
  'LP', 'LL', 'FC', 'PF', 'RF', 'MQ', 'MM', 'NB', 'CC', 'CS', 'MB', 'FM', 'GS', 'DP', 'CP', 'NR',
  'CM', 'CD', 'MD', 'HS', 'VH', 'CH', 'MH', 'CL', 'XL', 'CX', 'HC', 'RP', 'TU', 'TC', 'FB', 'FN',
  'PA', 'PB', 'SS', 'MC', 'SM', 'GA', 'GB',
]);

/** Earliest year a local-company UEN can start with; companies were registered from the 1800s. */
const EARLIEST_COMPANY_YEAR = 1800;


function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

function weightedDigitSum(s: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (s.charCodeAt(i) - 48) * weights[i]!;
  return sum;
}

/**
 * The check letter of a UEN given everything but its last character, or `undefined` when
 * `body` has none of the checked shapes (8 digits, 9 digits, or `[RST]` + 2 digits + entity
 * type + 4 digits). Upper-case only.
 *
 * @example
 * ```ts
 * sgUenCheckLetter('53125226'); // 'D'
 * sgUenCheckLetter('201434292'); // 'D'
 * sgUenCheckLetter('T08LL0003'); // 'B'
 * ```
 */
export function sgUenCheckLetter(body: string): string | undefined {
  if (body.length === 8 && allDigits(body, 0, 8)) {
    return BUSINESS_LETTERS[weightedDigitSum(body, BUSINESS_WEIGHTS) % 11];
  }
  if (body.length === 9 && allDigits(body, 0, 9)) {
    return LOCAL_COMPANY_LETTERS[weightedDigitSum(body, LOCAL_COMPANY_WEIGHTS) % 11];
  }
  if (body.length === 9 && isOtherEntityBody(body)) {
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += OTHER_ALPHABET.indexOf(body[i]!) * OTHER_WEIGHTS[i]!;
    return OTHER_ALPHABET[(((sum - 5) % 11) + 11) % 11];
  }
  return undefined;
}

function isOtherEntityBody(body: string): boolean {
  const p = body[0];
  return (p === 'R' || p === 'S' || p === 'T') && allDigits(body, 1, 3) && SG_UEN_ENTITY_TYPES.has(body.slice(3, 5)) && allDigits(body, 5, 9);
}

/**
 * The shape of a valid Singapore UEN, or `undefined` when `value` is not one: wrong layout,
 * unknown entity type, a registration year after `currentYear`, or a wrong check letter.
 * Upper-case, no separators.
 *
 * @param currentYear Registration years after this are rejected. Defaults to the current UTC year.
 * @example
 * ```ts
 * classifySgUen('201434292D'); // 'local_company'
 * classifySgUen('T08LL0003B'); // 'other'
 * classifySgUen('T08LL0003C'); // undefined (wrong check letter)
 * ```
 */
export function classifySgUen(value: string, currentYear: number = new Date().getUTCFullYear()): SgUenKind | undefined {
  const n = value.length;
  if (n !== 9 && n !== 10) return undefined;
  const last = value.charCodeAt(n - 1);
  if (last < 65 || last > 90) return undefined;
  const body = value.slice(0, n - 1);
  if (n === 10 && body.startsWith('F000') && allDigits(body, 4, 9)) return 'foreign_company';
  if (n === 10 && isDigitCode(body.charCodeAt(0))) {
    const year = Number(body.slice(0, 4));
    if (!allDigits(body, 0, 9) || year < EARLIEST_COMPANY_YEAR || year > currentYear) return undefined;
  }
  if (n === 10 && body[0] === 'T' && Number(body.slice(1, 3)) > currentYear % 100) return undefined;
  if (sgUenCheckLetter(body) !== value[n - 1]) return undefined;
  if (n === 9) return 'business';
  return isDigitCode(body.charCodeAt(0)) ? 'local_company' : 'other';
}

/**
 * True when `value` is a valid Singapore UEN of any shape (see {@link classifySgUen}).
 *
 * @example
 * ```ts
 * isValidSgUen('53125226D'); // true
 * isValidSgUen('53125226E'); // false
 * ```
 */
export function isValidSgUen(value: string, currentYear?: number): boolean {
  return classifySgUen(value, currentYear) !== undefined;
}
