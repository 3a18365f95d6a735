/**
 * Contact details and dates: e-mail addresses, phone numbers that libphonenumber-js (full
 * metadata) accepts as valid, and plausible dates of birth in the forms people write them.
 */
import fc from 'fast-check';
import { parsePhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import { DIGITS, LOWER, charsFrom, digits } from './random.js';

// ---------------------------------------------------------------------------------------
// E-mail

const GIVEN = ['ana', 'budi', 'chen', 'dewi', 'emma', 'farah', 'gita', 'hiro', 'ivan', 'jose', 'kiran', 'lena', 'maria', 'noor', 'omar', 'priya', 'rahul', 'siti', 'tom', 'wei'];
const FAMILY = ['lima', 'santoso', 'tan', 'lestari', 'smith', 'khan', 'sharma', 'sato', 'petrov', 'garcia', 'nair', 'muller', 'rossi', 'ali', 'ng', 'wong', 'kumar', 'park', 'silva', 'brown'];
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.co.id', 'acme-corp.io', 'mail.example.org', 'company.com.sg', 'uni.edu', 'startup.ai', 'bank.co.in', 'proton.me', 'firma.de', 'shop.co.uk'];

/** A valid e-mail address: name-based or random local part, common or random domain. */
export function email(): fc.Arbitrary<string> {
  const local = fc.oneof(
    fc.tuple(fc.constantFrom(...GIVEN), fc.constantFrom('.', '_', '', '-'), fc.constantFrom(...FAMILY)).map((p) => p.join('')),
    fc.tuple(fc.constantFrom(...GIVEN), digits(2)).map(([g, d]) => g + d),
    fc.tuple(fc.constantFrom(...GIVEN), fc.constantFrom(...FAMILY)).map(([g, f]) => `${g}+${f}`),
    charsFrom(LOWER + DIGITS, 3, 12).filter((s) => /^[a-z]/.test(s)),
  );
  const domain = fc.oneof(
    fc.constantFrom(...DOMAINS),
    fc.tuple(charsFrom(LOWER, 3, 10), fc.constantFrom('com', 'net', 'org', 'io', 'id', 'sg', 'in', 'co.uk', 'dev')).map(([name, tld]) => `${name}.${tld}`),
  );
  return fc.tuple(local, domain, fc.boolean()).map(([l, d, capitalised]) => {
    const address = `${l}@${d}`;
    return capitalised ? address[0]!.toUpperCase() + address.slice(1) : address;
  });
}

// ---------------------------------------------------------------------------------------
// Phone numbers

/** Regions whose mobile numbers {@link phone} draws from. */
export const PHONE_REGIONS: readonly CountryCode[] = [
  'US', 'CA', 'GB', 'IN', 'SG', 'ID', 'DE', 'FR', 'AU', 'BR', 'JP', 'ES', 'IT', 'NL', 'MX', 'ZA', 'AE', 'MY', 'PH', 'NG',
  'KE', 'CH', 'SE', 'PL', 'TR', 'KR', 'CN', 'RU', 'AR', 'EG',
];

const examples = mobileExamples as unknown as Record<string, string>;

/** How {@link phone} writes a number. `national` is used only for US numbers (the detectors' default region). */
export type PhoneForm = 'international' | 'e164' | 'national';

/**
 * A phone number that libphonenumber-js (max metadata) says is valid: a region's example mobile
 * number with its last four digits redrawn, written in international form (`+44 7400 123456`),
 * E.164 (`+447400123456`) or, for US numbers, national form (`(201) 555-0123`, `201-555-0123`).
 *
 * @example
 * ```ts
 * fc.sample(phone(['IN', 'SG'], ['international']), 2); // e.g. ['+91 81234 50417', '+65 8123 9920']
 * ```
 */
export function phone(regions: readonly CountryCode[] = PHONE_REGIONS, forms: readonly PhoneForm[] = ['international', 'e164', 'national']): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...regions), digits(4), fc.constantFrom(...forms), fc.boolean())
    .map(([region, tail, form, dashed]) => {
      const national = examples[region]!.slice(0, -4) + tail;
      const parsed = parsePhoneNumber(national, region);
      if (!parsed.isValid()) return undefined;
      if (form === 'e164') return parsed.number as string;
      if (form === 'national' && region === 'US') {
        const n = parsed.nationalNumber as string;
        return dashed ? `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}` : parsed.formatNational();
      }
      return parsed.formatInternational();
    })
    .filter((v): v is string => v !== undefined);
}

// ---------------------------------------------------------------------------------------
// Dates of birth

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ordinal = (d: number): string => `${d}${d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'}`;

/** How {@link dateOfBirth} writes a date. */
export type DateForm = 'iso' | 'dmy' | 'mdy' | 'dmy_dots' | 'dmy_short_year' | 'day_month_name' | 'month_name_day' | 'ordinal_of_month';

/**
 * A date between about 99 years and one year ago (so it is a plausible birth date whatever
 * today is), written as `1985-03-14`, `14/03/1985`, `03/14/1985`, `14.03.1985`, `14/03/85`,
 * `14 March 1985`, `March 14, 1985` or `14th of Mar. 1985`.
 */
export function dateOfBirth(): fc.Arbitrary<string> {
  const now = new Date();
  const thisYear = now.getFullYear();
  return fc
    .record({
      year: fc.integer({ min: thisYear - 99, max: thisYear - 1 }),
      dayOfYear: fc.nat({ max: 364 }),
      form: fc.constantFrom<DateForm>('iso', 'dmy', 'mdy', 'dmy_dots', 'dmy_short_year', 'day_month_name', 'month_name_day', 'ordinal_of_month'),
      shortMonth: fc.boolean(),
    })
    .map(({ year, dayOfYear, form, shortMonth }) => {
      const date = new Date(year, 0, 1 + dayOfYear);
      const y = date.getFullYear();
      const m = date.getMonth() + 1;
      const d = date.getDate();
      const p2 = (n: number): string => String(n).padStart(2, '0');
      const monthName = shortMonth ? MONTHS[m - 1]!.slice(0, 3) : MONTHS[m - 1]!;
      switch (form) {
        case 'iso': return `${y}-${p2(m)}-${p2(d)}`;
        case 'dmy': return `${p2(d)}/${p2(m)}/${y}`;
        case 'mdy': return `${p2(m)}/${p2(d)}/${y}`;
        case 'dmy_dots': return `${p2(d)}.${p2(m)}.${y}`;
        case 'dmy_short_year': return `${p2(d)}/${p2(m)}/${String(y).slice(2)}`;
        case 'day_month_name': return `${d} ${monthName} ${y}`;
        case 'month_name_day': return `${monthName} ${d}, ${y}`;
        case 'ordinal_of_month': return `${ordinal(d)} of ${monthName}${shortMonth ? '.' : ''} ${y}`;
      }
    });
}
