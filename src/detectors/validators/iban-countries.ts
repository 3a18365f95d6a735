/**
 * IBAN formats per country (ISO 13616). The BBAN structures are the ones published in the
 * SWIFT IBAN registry, written in its notation: `8n10n` is 8 digits then 10 digits; `a` is an
 * upper-case letter, `c` a digit or upper-case letter.
 */

/** How one country writes its IBANs. */
export interface IbanCountryFormat {
  /** ISO 3166-1 alpha-2 code that starts the IBAN. */
  readonly country: string;
  /** Total length, country code and check digits included. */
  readonly length: number;
  /** One character per BBAN position: `n` digit, `a` upper-case letter, `c` either. */
  readonly bban: string;
  /**
   * `false` for the few national IBAN formats that are in use but not (yet) in the SWIFT
   * registry (Algeria, Iran, Morocco, Mozambique).
   */
  readonly inRegistry: boolean;
}

// Country -> BBAN structure, from the SWIFT IBAN registry.
const REGISTRY: Record<string, string> = {
  AD: '4n4n12c', AE: '3n16n', AL: '8n16c', AT: '5n11n', AZ: '4a20c',
  BA: '3n3n8n2n', BE: '3n7n2n', BG: '4a4n2n8c', BH: '4a14c', BI: '5n5n11n2n',
  BR: '8n5n10n1a1c', BY: '4c4n16c', CH: '5n12c', CR: '4n14n', CY: '3n5n16c',
  CZ: '4n6n10n', DE: '8n10n', DJ: '5n5n11n2n', DK: '4n9n1n', DO: '4c20n',
  EE: '2n14n', EG: '4n4n17n', ES: '4n4n1n1n10n', FI: '3n11n', FK: '2a12n',
  FO: '4n9n1n', FR: '5n5n11c2n', GB: '4a6n8n', GE: '2a16n', GI: '4a15c',
  GL: '4n9n1n', GR: '3n4n16c', GT: '4c20c', HN: '4a20n', HR: '7n10n',
  HU: '3n4n1n15n1n', IE: '4a6n8n', IL: '3n3n13n', IQ: '4a3n12n', IS: '4n2n6n10n',
  IT: '1a5n5n12c', JO: '4a4n18c', KW: '4a22c', KZ: '3n13c', LB: '4n20c',
  LC: '4a24c', LI: '5n12c', LT: '5n11n', LU: '3n13c', LV: '4a13c',
  LY: '3n3n15n', MC: '5n5n11c2n', MD: '2c18c', ME: '3n13n2n', MK: '3n10c2n',
  MN: '4n12n', MR: '5n5n11n2n', MT: '4a5n18c', MU: '4a2n2n12n3n3a', NI: '4a20n',
  NL: '4a10n', NO: '4n6n1n', OM: '3n16c', PK: '4a16c', PL: '8n16n',
  PS: '4a21c', PT: '4n4n11n2n', QA: '4a21c', RO: '4a16c', RS: '3n13n2n',
  RU: '9n5n15c', SA: '2n18c', SC: '4a2n2n16n3a', SD: '2n12n', SE: '3n16n1n',
  SI: '5n8n2n', SK: '4n6n10n', SM: '1a5n5n12c', SO: '4n3n12n', ST: '4n4n11n2n',
  SV: '4a20n', TL: '3n14n2n', TN: '2n3n13n2n', TR: '5n1n16c', UA: '6n19c',
  VA: '3n15n', VG: '4a16n', XK: '4n10n2n', YE: '4a4n18c',
};

// National formats used by banks but absent from the registry.
const NATIONAL: Record<string, string> = {
  DZ: '22n', IR: '22n', MA: '24n', MZ: '21n',
};

function expand(structure: string): string {
  let out = '';
  for (const [, count, kind] of structure.matchAll(/(\d+)([nac])/g)) out += kind!.repeat(Number(count));
  return out;
}

function build(): ReadonlyMap<string, IbanCountryFormat> {
  const map = new Map<string, IbanCountryFormat>();
  for (const [table, inRegistry] of [[REGISTRY, true], [NATIONAL, false]] as const) {
    for (const [country, structure] of Object.entries(table)) {
      const bban = expand(structure);
      map.set(country, Object.freeze({ country, length: 4 + bban.length, bban, inRegistry }));
    }
  }
  return map;
}

/** Every country with a known IBAN format, keyed by ISO 3166-1 alpha-2 code. */
export const IBAN_COUNTRY_FORMATS: ReadonlyMap<string, IbanCountryFormat> = build();

/**
 * The IBAN format of `countryCode` (upper-case ISO 3166-1 alpha-2), or `undefined` when
 * that country does not use IBANs.
 *
 * @example
 * ```ts
 * ibanCountryFormat('DE')?.length; // 22
 * ibanCountryFormat('US');         // undefined
 * ```
 */
export function ibanCountryFormat(countryCode: string): IbanCountryFormat | undefined {
  return IBAN_COUNTRY_FORMATS.get(countryCode);
}

/**
 * Does `bban` (the part after country code and check digits, without separators) have the
 * length and character classes registered for `countryCode`?
 *
 * @example
 * ```ts
 * matchesIbanBban('GB', 'WEST12345698765432'); // true
 * matchesIbanBban('GB', '1234WEST5698765432'); // false: the bank code is four letters
 * ```
 */
export function matchesIbanBban(countryCode: string, bban: string): boolean {
  const format = IBAN_COUNTRY_FORMATS.get(countryCode);
  if (!format || typeof bban !== 'string' || bban.length !== format.bban.length) return false;
  for (let i = 0; i < bban.length; i++) {
    if (!fitsIbanClass(format.bban.charCodeAt(i), bban.charCodeAt(i))) return false;
  }
  return true;
}

const N = 110; // 'n'
const A = 97; // 'a'

/** Does character `code` fit BBAN class `kind` (the char code of `n`, `a` or `c`)? */
function fitsIbanClass(kind: number, code: number): boolean {
  const digit = code >= 48 && code <= 57;
  const upper = code >= 65 && code <= 90;
  if (kind === N) return digit;
  if (kind === A) return upper;
  return digit || upper;
}
