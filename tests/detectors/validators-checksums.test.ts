import { describe, expect, it } from 'vitest';
import {
  cardIssuer,
  IBAN_COUNTRY_FORMATS,
  ibanCheckDigits,
  ibanChecksum,
  ibanCountryFormat,
  isValidIban,
  isValidLuhn,
  isValidVerhoeff,
  luhnCheckDigit,
  matchesIbanBban,
  verhoeffCheckDigit,
} from '../../src/index.js';

describe('Luhn', () => {
  // Worked example of the Wikipedia article "Luhn algorithm".
  it('computes the published check digit of 7992739871', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(isValidLuhn('79927398713')).toBe(true);
  });

  it('rejects the published example with any other final digit', () => {
    for (let d = 0; d <= 9; d++) if (d !== 3) expect(isValidLuhn(`7992739871${d}`)).toBe(false);
  });

  // Test card numbers published by Stripe ("Testing" docs) and Braintree ("Testing and go live").
  const TEST_CARDS = [
    '4242424242424242', '4000056655665556', '4111111111111111', '4012888888881881', '4222222222222',
    '5555555555554444', '5105105105105100', '2223003122003222', '5200828282828210',
    '378282246310005', '371449635398431', '378734493671000',
    '6011111111111117', '6011000990139424',
    '3056930009020004', '36227206271667', '30569309025904', '38520000023237',
    '3530111333300000', '3566002020360505',
    '6200000000000005', '6243030000000001', '6304000000000000',
  ];

  it('accepts the issuers\' published test card numbers', () => {
    for (const card of TEST_CARDS) expect(isValidLuhn(card), card).toBe(true);
  });

  it('agrees with luhnCheckDigit on every published test card', () => {
    for (const card of TEST_CARDS) expect(luhnCheckDigit(card.slice(0, -1)), card).toBe(Number(card.at(-1)));
  });

  it('rejects separators, letters, and strings too short to carry a check digit', () => {
    expect(isValidLuhn('4111 1111 1111 1111')).toBe(false);
    expect(isValidLuhn('411111111111111a')).toBe(false);
    expect(isValidLuhn('0')).toBe(false);
    expect(isValidLuhn('')).toBe(false);
    expect(luhnCheckDigit('12x')).toBeUndefined();
    expect(luhnCheckDigit('')).toBeUndefined();
  });
});

describe('cardIssuer', () => {
  it('names the network of each published test card', () => {
    expect(cardIssuer('4111111111111111')).toBe('visa');
    expect(cardIssuer('4222222222222')).toBe('visa');
    expect(cardIssuer('5555555555554444')).toBe('mastercard');
    expect(cardIssuer('2223003122003222')).toBe('mastercard');
    expect(cardIssuer('378282246310005')).toBe('amex');
    expect(cardIssuer('6011111111111117')).toBe('discover');
    expect(cardIssuer('36227206271667')).toBe('diners');
    expect(cardIssuer('3566002020360505')).toBe('jcb');
    expect(cardIssuer('6200000000000005')).toBe('unionpay');
    expect(cardIssuer('6304000000000000')).toBe('maestro');
  });

  it('covers Mastercard\'s 2-series from 2221 to 2720 and nothing either side', () => {
    expect(cardIssuer('2221000000000000')).toBe('mastercard');
    expect(cardIssuer('2720990000000000')).toBe('mastercard');
    expect(cardIssuer('2220990000000000')).toBeUndefined();
    expect(cardIssuer('2721000000000000')).toBeUndefined();
  });

  it('recognises RuPay, Mir and UATP ranges', () => {
    expect(cardIssuer('6070000000000000')).toBe('rupay');
    expect(cardIssuer('5081000000000000')).toBe('rupay');
    expect(cardIssuer('8200000000000000')).toBe('rupay');
    expect(cardIssuer('2200000000000000')).toBe('mir');
    expect(cardIssuer('122000000000003')).toBe('uatp');
  });

  it('requires a length the network issues', () => {
    expect(cardIssuer('411111111111111')).toBeUndefined(); // Visa: 13, 16 or 19
    expect(cardIssuer('37828224631000')).toBeUndefined(); // Amex: 15 only
    expect(cardIssuer('55555555555544441')).toBeUndefined(); // Mastercard: 16 only
    expect(cardIssuer('1220000000000003')).toBeUndefined(); // UATP: 15 only
  });

  it('knows no network for leading 0, 7 or 9', () => {
    expect(cardIssuer('0111111111111111')).toBeUndefined();
    expect(cardIssuer('7111111111111111')).toBeUndefined();
    expect(cardIssuer('9111111111111111')).toBeUndefined();
  });

  it('rejects anything but 12 to 19 ASCII digits', () => {
    expect(cardIssuer('4111 1111 1111 1111')).toBeUndefined();
    expect(cardIssuer('41111111111')).toBeUndefined();
    expect(cardIssuer('41111111111111111111')).toBeUndefined();
  });
});

describe('Verhoeff', () => {
  // Wikipedia "Verhoeff algorithm" worked example (236 -> 3) and the Rosetta Code task
  // "Verhoeff algorithm" (12345 -> 1, 123456789012 -> 0).
  it('computes the published check digits', () => {
    expect(verhoeffCheckDigit('236')).toBe(3);
    expect(verhoeffCheckDigit('12345')).toBe(1);
    expect(verhoeffCheckDigit('123456789012')).toBe(0);
  });

  it('accepts the published values and rejects every other final digit', () => {
    for (const [payload, check] of [['236', 3], ['12345', 1], ['123456789012', 0]] as const) {
      for (let d = 0; d <= 9; d++) expect(isValidVerhoeff(`${payload}${d}`)).toBe(d === check);
    }
  });

  // Aadhaar example from python-stdnum's stdnum/in_/aadhaar.py documentation.
  it('accepts a published Aadhaar number and rejects it with its last digit changed', () => {
    expect(isValidVerhoeff('234123412346')).toBe(true);
    expect(isValidVerhoeff('234123412347')).toBe(false);
  });

  it('catches every swap of two adjacent different digits in a sample', () => {
    const value = '2341234123' + '4' + '6';
    for (let i = 0; i + 1 < value.length; i++) {
      if (value[i] === value[i + 1]) continue;
      const swapped = value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
      expect(isValidVerhoeff(swapped), swapped).toBe(false);
    }
  });

  it('rejects separators, letters, and strings too short to carry a check digit', () => {
    expect(isValidVerhoeff('2341 2341 2346')).toBe(false);
    expect(isValidVerhoeff('23412341234a')).toBe(false);
    expect(isValidVerhoeff('0')).toBe(false);
    expect(verhoeffCheckDigit('')).toBeUndefined();
    expect(verhoeffCheckDigit('1-2')).toBeUndefined();
  });
});

describe('IBAN (ISO 13616, MOD 97-10)', () => {
  // Examples published in the SWIFT IBAN registry.
  const REGISTRY_EXAMPLES = [
    'AL47212110090000000235698741', 'AT611904300234573201', 'BE68539007547034', 'BI4210000100010000332045181',
    'BR1800360305000010009795493C1', 'BY13NBRB3600900000002Z00AB00', 'CH9300762011623852957',
    'DE89370400440532013000', 'DJ2100010000000154000100186', 'DK5000400440116243', 'EG380019000500000000263180002',
    'ES9121000418450200051332', 'FI2112345600000785', 'FK88SC123456789012', 'FR1420041010050500013M02606',
    'GB29NWBK60161331926819', 'HN88CABF00000000000250005469', 'IE29AIBK93115212345678',
    'IQ98NBIQ850123456789012', 'IT60X0542811101000000123456', 'LC55HEMM000100010012001200023015',
    'LY83002048000020100120361', 'MN121234123456789123', 'MT84MALT011000012345MTLCAST001S',
    'MU17BOMM0101101030300200000MUR', 'NI45BAPR00000013000003558124', 'NL91ABNA0417164300', 'NO9386011117947',
    'OM810180000001299123456', 'PL61109010140000071219812874', 'PT50000201231234567890154',
    'QA58DOHB00001234567890ABCDEFG', 'RU0304452522540817810538091310419', 'SA0380000000608010167519',
    'SC18SSCB11010000000000001497USD', 'SD2129010501234001', 'SE4550000000058398257466',
    'SO211000001001000100141', 'SV62CENR00000000000000700025', 'UA213223130000026007233566001',
    'VA59001123000012345678', 'XK051212012345678906', 'YE15CBYE0001018861234567891234',
  ];

  it('accepts every registry example, compact and printed in groups of four', () => {
    for (const iban of REGISTRY_EXAMPLES) {
      expect(isValidIban(iban), iban).toBe(true);
      expect(isValidIban(iban.replace(/(.{4})(?=.)/g, '$1 ')), iban).toBe(true);
      expect(ibanChecksum(iban), iban).toBe(1);
    }
  });

  it('computes the registry examples\' check digits', () => {
    for (const iban of REGISTRY_EXAMPLES) {
      expect(ibanCheckDigits(iban.slice(0, 2), iban.slice(4)), iban).toBe(iban.slice(2, 4));
    }
  });

  it('knows each registry example\'s country length and BBAN structure', () => {
    for (const iban of REGISTRY_EXAMPLES) {
      expect(ibanCountryFormat(iban.slice(0, 2))?.length, iban).toBe(iban.length);
      expect(matchesIbanBban(iban.slice(0, 2), iban.slice(4)), iban).toBe(true);
    }
  });

  it('has the registry lengths of well-known countries', () => {
    const lengths: Record<string, number> = { NO: 15, BE: 16, DE: 22, GB: 22, CH: 21, FR: 27, IT: 27, MT: 31, LC: 32, RU: 33 };
    for (const [country, length] of Object.entries(lengths)) expect(ibanCountryFormat(country)?.length, country).toBe(length);
    expect(ibanCountryFormat('US')).toBeUndefined();
    expect(IBAN_COUNTRY_FORMATS.size).toBeGreaterThanOrEqual(89);
  });

  it('rejects a changed check digit, a changed BBAN character and a transposition', () => {
    expect(isValidIban('DE88370400440532013000')).toBe(false);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('DE89370400440523013000')).toBe(false);
    expect(ibanChecksum('GB82 WEST 1234 5698 7654 33')).not.toBe(1);
  });

  it('rejects the wrong length for the country even when MOD 97 passes', () => {
    const bban = '3704004405320130000'; // one digit too many for Germany
    const iban = `DE${ibanCheckDigits('DE', bban)}${bban}`;
    expect(ibanChecksum(iban)).toBe(1);
    expect(isValidIban(iban)).toBe(false);
  });

  it('rejects a BBAN that breaks the registered structure even when MOD 97 passes', () => {
    const bban = '1234WEST5698765432'; // GB bank codes are four letters first
    const iban = `GB${ibanCheckDigits('GB', bban)}${bban}`;
    expect(ibanChecksum(iban)).toBe(1);
    expect(isValidIban(iban)).toBe(false);
  });

  it('rejects a country that does not use IBANs even when MOD 97 passes', () => {
    const bban = '370400440532013000';
    expect(isValidIban(`US${ibanCheckDigits('US', bban)}${bban}`)).toBe(false);
  });

  it('rejects a Spanish IBAN whose national check digits are wrong though MOD 97 passes', () => {
    // Registry example ES91 2100 0418 45 0200051332: national check digits "45" changed to "46".
    const bban = '21000418460200051332';
    const iban = `ES${ibanCheckDigits('ES', bban)}${bban}`;
    expect(ibanChecksum(iban)).toBe(1);
    expect(isValidIban(iban)).toBe(false);
  });

  it('rejects a Belgian IBAN whose national check digits are wrong though MOD 97 passes', () => {
    // Registry example BE68 5390 0754 7034: account check "34" changed to "35".
    const bban = '539007547035';
    const iban = `BE${ibanCheckDigits('BE', bban)}${bban}`;
    expect(ibanChecksum(iban)).toBe(1);
    expect(isValidIban(iban)).toBe(false);
  });

  it('accepts only upper case and single spaces', () => {
    expect(isValidIban('gb29nwbk60161331926819')).toBe(false);
    expect(isValidIban('GB29  NWBK 6016 1331 9268 19')).toBe(false);
    expect(isValidIban('GB29-NWBK-6016-1331-9268-19')).toBe(false);
    expect(isValidIban(' GB29NWBK60161331926819')).toBe(false);
  });

  it('returns -1 from ibanChecksum for characters MOD 97 cannot read', () => {
    expect(ibanChecksum('GB29-NWBK-6016')).toBe(-1);
    expect(ibanChecksum('GB2')).toBe(-1);
    expect(ibanCheckDigits('G', '123')).toBeUndefined();
    expect(ibanCheckDigits('GB', '12-3')).toBeUndefined();
  });
});
