/**
 * Check-digit computations for the generators, written from the published algorithms and
 * deliberately formulated differently from `src/detectors/validators` (BigInt instead of a
 * running remainder, the dihedral group by its rule instead of its table, a bitwise CRC
 * instead of a table). The tests check every generated value against the validators, so the
 * two implementations keep each other honest instead of agreeing with themselves.
 */

/** Luhn: the digit that makes the payload's doubled-alternate digit sum a multiple of 10. */
export function luhnDigit(payload: string): string {
  let sum = 0;
  // Walking from the right, the payload's last digit sits next to the check digit: doubled.
  for (let i = 0; i < payload.length; i++) {
    const d = Number(payload[payload.length - 1 - i]);
    const doubled = i % 2 === 0 ? d * 2 : d;
    sum += Math.floor(doubled / 10) + (doubled % 10);
  }
  return String((10 - (sum % 10)) % 10);
}

/** ISO 7064 MOD 97-10 check digits of an IBAN: 98 minus (BBAN + country + "00") mod 97. */
export function ibanCheckDigitsFor(country: string, bban: string): string {
  const numeric = [...(bban + country + '00')].map((c) => (/[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
  return String(98n - (BigInt(numeric) % 97n)).padStart(2, '0');
}

/** Belgian account number: the last two digits are the first ten mod 97 (97 for 0). */
export function belgianCheckDigits(firstTen: string): string {
  const r = Number(BigInt(firstTen) % 97n);
  return String(r === 0 ? 97 : r).padStart(2, '0');
}

/** Spanish CCC digit: weights 1,2,4,8,5,10,9,7,3,6 (powers of 2 mod 11), 11 − sum mod 11, 10 → 1, 11 → 0. */
export function spanishControlDigit(ten: string): string {
  let sum = 0;
  let weight = 1;
  for (const c of ten) {
    sum += Number(c) * weight;
    weight = (weight * 2) % 11;
  }
  const d = 11 - (sum % 11);
  return String(d === 11 ? 0 : d === 10 ? 1 : d);
}

// Verhoeff over the dihedral group D5: 0–4 are rotations r^k, 5–9 are reflections s·r^k.
function d5(a: number, b: number): number {
  if (a < 5 && b < 5) return (a + b) % 5;
  if (a < 5) return 5 + ((b - 5 + a) % 5);
  if (b < 5) return 5 + ((a - 5 - b + 5) % 5);
  return (a - b + 5) % 5;
}
const D5_INVERSE = (a: number): number => (a < 5 ? (5 - a) % 5 : a);
const VERHOEFF_STEP = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
function permute(position: number, digit: number): number {
  let d = digit;
  for (let k = 0; k < position % 8; k++) d = VERHOEFF_STEP[d]!;
  return d;
}

/** Verhoeff check digit: the group inverse of the product over the payload, positions counted from the check digit. */
export function verhoeffDigit(payload: string): string {
  let c = 0;
  for (let i = 0; i < payload.length; i++) c = d5(c, permute(i + 1, Number(payload[payload.length - 1 - i])));
  return String(D5_INVERSE(c));
}

/**
 * Singapore NRIC/FIN check letter. S/F add 0, T/G add 4 and M adds 3 to the 2,7,6,5,4,3,2-weighted
 * digit sum; the letter is looked up by p = 11 − (sum mod 11), as ICA publishes it for the M
 * series (K=1 L=2 J=3 N=4 P=5 Q=6 R=7 T=8 U=9 W=10 X=11), and likewise for the older tables.
 */
export function sgIdLetter(prefix: 'S' | 'T' | 'F' | 'G' | 'M', sevenDigits: string): string {
  const weights = [2, 7, 6, 5, 4, 3, 2];
  let sum = { S: 0, T: 4, F: 0, G: 4, M: 3 }[prefix];
  for (let i = 0; i < 7; i++) sum += Number(sevenDigits[i]) * weights[i]!;
  const p = 11 - (sum % 11); // 1..11
  const tables = { citizen: 'ABCDEFGHIZJ', foreigner: 'KLMNPQRTUWX', mSeries: 'KLJNPQRTUWX' };
  const table = prefix === 'S' || prefix === 'T' ? tables.citizen : prefix === 'M' ? tables.mSeries : tables.foreigner;
  return table[p - 1]!;
}

/** Singapore UEN check letters (the tables used by public validators; see src/detectors/validators/uen.ts). */
export function uenLetter(body: string): string {
  const weighted = (weights: number[]): number => weights.reduce((s, w, i) => s + w * Number(body[i]), 0);
  if (/^\d{8}$/.test(body)) return 'XMKECAWLJDB'[weighted([10, 4, 9, 3, 8, 2, 7, 1]) % 11]!;
  if (/^\d{9}$/.test(body)) return 'ZKCMDNERGWH'[weighted([10, 8, 6, 4, 9, 7, 5, 3, 1]) % 11]!;
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWX0123456789';
  const weights = [4, 3, 5, 3, 10, 2, 2, 5, 7];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += alphabet.indexOf(body[i]!) * weights[i]!;
  return alphabet[(((sum - 5) % 11) + 11) % 11]!;
}

/** ICAO 9303 check digit: values 0–9, A=10…Z=35, `<`=0, weights 7,3,1 repeating, mod 10. */
export function mrzDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field[i]!;
    const v = c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += v * [7, 3, 1][i % 3]!;
  }
  return String(sum % 10);
}

/** CRC-32 (IEEE 802.3, reflected), bit by bit. */
function crc32(s: string): number {
  let crc = ~0;
  for (let i = 0; i < s.length; i++) {
    crc ^= s.charCodeAt(i);
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** GitHub's token checksum: CRC-32 of the 30 random characters in base62 (0-9A-Za-z), six wide. */
export function githubChecksum(random30: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let n = crc32(random30);
  let out = '';
  while (n > 0) {
    out = alphabet[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(6, '0');
}
