// The check-digit and format validators behind the detectors: small pure functions, each
// tested against published vectors. Exported so that apps can validate a single value.
export { isValidLuhn, luhnCheckDigit } from './luhn.js';
export { cardIssuer } from './card-issuer.js';
export { ibanChecksum, ibanCheckDigits, isValidIban } from './mod97.js';
export { IBAN_COUNTRY_FORMATS, ibanCountryFormat, matchesIbanBban } from './iban-countries.js';
export { isValidVerhoeff, verhoeffCheckDigit } from './verhoeff.js';
export { isValidSgNric, isValidSgFin, sgIdentityCheckLetter, sgIdentityKind } from './nric.js';
export { isValidSgUen, sgUenCheckLetter, classifySgUen, SG_UEN_ENTITY_TYPES, type SgUenKind } from './uen.js';
export { isValidIndonesianNik, parseIndonesianNik, INDONESIAN_PROVINCE_CODES } from './nik.js';
export { isValidIndonesianNpwp, compactIndonesianNpwp } from './npwp.js';
export { isValidIndianPan, indianPanHolderType } from './pan.js';
export { isValidSsn, isValidSsnParts } from './ssn.js';
export { isValidEmailAddress, isValidEmailLocalPart, isValidEmailDomain } from './email.js';
export { mrzCheckDigit, isValidTd3Mrz, parseTd3Mrz, parseTd2Mrz, parseTd1Mrz } from './mrz.js';
export {
  isRealCalendarDate, isPlausibleBirthDate, isGregorianLeapYear, daysInGregorianMonth, parseMonthName, expandTwoDigitBirthYear,
} from './date.js';
export { shannonEntropy, countCharacterClasses } from './entropy.js';
export { isValidGithubTokenChecksum, githubTokenChecksum } from './github-token.js';
