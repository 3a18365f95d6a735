/**
 * How each type is written into a prompt: the label phrases that make a detector report it at
 * the default confidence (from each detector's context words; see the README's detector
 * table), phrases without a label for the values that do not need one, and JSON keys that act
 * as labels. `{v}` marks where the value goes.
 *
 * None of the phrases holds a word that lowers a detector's confidence ("order", "invoice",
 * "account", "example"…): a prompt built from them is one the detector must get right.
 */
import type { DetectorType } from '../../detectors/types.js';

export interface TypePhrases {
  /** Phrases with a label the type's detector recognises. */
  readonly labelled: readonly string[];
  /** Phrases without one; used only for values that {@link needsLabel} says can do without. */
  readonly plain?: readonly string[];
  /** Whether this value needs a label to reach the default confidence. Default: it does when there are no `plain` phrases. */
  readonly needsLabel?: (value: string) => boolean;
  /** JSON keys that work as the type's label (`{"card": "…"}`). */
  readonly keys: readonly string[];
  /** May the value be wrapped in quotes or brackets? Not when the label syntax owns its quoting. */
  readonly wrap: boolean;
  /** Punctuation that may follow the clause; default `['', '.', '!', '?', ',']`. */
  readonly closings?: readonly string[];
}

const digitCount = (v: string): number => v.replace(/\D/g, '').length;

export const PHRASES: Readonly<Record<DetectorType, TypePhrases>> = {
  credit_card: {
    labelled: ['card number {v}', 'my credit card is {v}', 'Visa {v}', 'Mastercard: {v}', 'please charge {v} to my debit card', 'CC# {v}', 'card: {v}', 'payment card {v}', 'tarjeta {v}'],
    plain: ['{v}', 'use {v} for the renewal', 'here it is: {v}'],
    // 16 digits and Amex: 0.85 alone; 14 and 17–19: 0.7; 12–13 digits and UATP need a label.
    needsLabel: (v) => digitCount(v) < 14 || v.startsWith('1'),
    keys: ['card', 'cc', 'card number', 'Card'],
    wrap: true,
  },
  iban: {
    labelled: ['IBAN {v}', 'IBAN: {v}', 'please wire it to {v}', 'bank transfer to {v}', 'beneficiary {v}', 'Kontonummer {v}', 'SEPA payee {v}'],
    plain: ['{v}', 'send the deposit to {v}'],
    needsLabel: () => false,
    keys: ['iban', 'IBAN', 'bank', 'payee'],
    wrap: true,
  },
  aadhaar: {
    labelled: ['Aadhaar {v}', 'my Aadhaar number is {v}', 'UID: {v}', 'Aadhar no. {v}', 'UIDAI number {v}', 'आधार {v}'],
    keys: ['aadhaar', 'aadhaar_number', 'uid'],
    wrap: true,
  },
  pan: {
    labelled: ['PAN {v}', 'my PAN is {v}', 'PAN card {v}', 'Permanent Account Number: {v}', 'income tax PAN: {v}'],
    plain: ['{v}', 'please verify {v} before filing'],
    needsLabel: () => false,
    keys: ['pan', 'PAN', 'pan_no'],
    wrap: true,
  },
  ssn: {
    labelled: ['SSN {v}', 'SSN: {v}', 'my social security number is {v}', 'Social Security No. {v}', 'SS# {v}'],
    plain: ['{v}', 'applicant {v} signed today'],
    // Dashed and spaced forms stand alone; dotted and bare nine digits need a label.
    needsLabel: (v) => !/^\d{3}([- ])\d{2}\1\d{4}$/.test(v),
    keys: ['ssn', 'SSN'],
    wrap: true,
  },
  email: {
    labelled: ['email me at {v}', 'e-mail: {v}', 'contact {v}', 'send the draft to {v}'],
    plain: ['{v}', 'loop in {v} as well'],
    needsLabel: () => false,
    keys: ['email', 'contact', 'to'],
    wrap: true,
  },
  phone: {
    labelled: ['call me on {v}', 'phone: {v}', 'mobile {v}', 'WhatsApp {v}', 'tel. {v}', 'reach me at {v}'],
    plain: ['{v}', 'my number is {v}'],
    needsLabel: () => false,
    keys: ['phone', 'mobile', 'tel'],
    wrap: true,
  },
  dob: {
    labelled: ['Date of birth: {v}', 'DOB {v}', 'DOB: {v}', 'born on {v}', 'birthday: {v}', 'D.O.B. {v}', 'tanggal lahir {v}', 'birth date {v}'],
    keys: ['dob', 'date_of_birth', 'birth_date', 'birthday'],
    wrap: true,
  },
  nric: {
    labelled: ['NRIC {v}', 'NRIC: {v}', 'my IC is {v}', 'NRIC/FIN {v}', 'identity card no. {v}'],
    plain: ['{v}', 'holder {v} is verified'],
    needsLabel: () => false,
    keys: ['nric', 'NRIC', 'ic'],
    wrap: true,
  },
  fin: {
    labelled: ['FIN {v}', 'FIN: {v}', 'work pass FIN {v}', 'foreign identification number {v}'],
    plain: ['{v}', 'holder {v} is verified'],
    needsLabel: () => false,
    keys: ['fin', 'FIN'],
    wrap: true,
  },
  uen: {
    labelled: ['UEN {v}', 'UEN: {v}', 'company registration no. {v}', 'ACRA filing for {v}', 'business registration number {v}'],
    plain: ['{v}', 'the entity {v} filed late'],
    // The numeric shapes pass their check letter too often by chance to stand alone.
    needsLabel: (v) => /^\d/.test(v),
    keys: ['uen', 'UEN'],
    wrap: true,
  },
  passport: {
    labelled: ['passport number {v}', 'Passport No. {v}', 'passport: {v}', 'my passport is {v}', 'passeport {v}', 'Reisepass {v}', 'travel document {v}', 'pasaporte {v}', 'paspor {v}'],
    keys: ['passport', 'passport_no', 'passportNumber'],
    wrap: true,
  },
  booking_ref: {
    labelled: ['booking reference {v}', 'PNR: {v}', 'PNR {v}', 'record locator {v}', 'confirmation code {v}', 'booking code: {v}', 'Buchungscode {v}', 'kode booking {v}'],
    keys: ['pnr', 'PNR', 'booking reference', 'confirmation code'],
    wrap: true,
  },
  nik: {
    labelled: ['NIK {v}', 'NIK: {v}', 'no. KTP {v}', 'nomor induk kependudukan {v}', 'e-KTP {v}'],
    keys: ['nik', 'NIK', 'ktp'],
    wrap: true,
  },
  npwp: {
    // Not "tax ID number": a 16-digit NPWP is also a NIK, and "ID number" is the NIK's label.
    labelled: ['NPWP {v}', 'NPWP: {v}', 'nomor NPWP {v}', 'nomor pokok wajib pajak {v}'],
    keys: ['npwp', 'NPWP'],
    wrap: true,
  },
  aws_access_key_id: {
    labelled: ['AWS access key id {v}', 'aws_access_key_id = {v}', 'AWS_ACCESS_KEY_ID={v}', 'IAM key {v}'],
    plain: ['{v}', 'rotate {v} today'],
    needsLabel: () => false,
    keys: ['aws_access_key_id', 'AccessKeyId'],
    wrap: true,
  },
  aws_secret_access_key: {
    labelled: ['aws_secret_access_key = {v}', 'AWS_SECRET_ACCESS_KEY={v}', 'AWS secret: {v}', 'secret access key: {v}', 'aws_secret_access_key: "{v}"'],
    keys: ['aws_secret_access_key', 'SecretAccessKey'],
    wrap: false,
  },
  github_token: {
    labelled: ['GITHUB_TOKEN={v}', 'my GitHub token is {v}', 'gh token: {v}'],
    plain: ['{v}', 'use {v} for the API'],
    needsLabel: () => false,
    keys: ['github_token', 'token'],
    wrap: true,
  },
  slack_token: {
    labelled: ['SLACK_BOT_TOKEN={v}', 'slack token: {v}', 'the webhook is {v}'],
    plain: ['{v}', 'post it via {v}'],
    needsLabel: () => false,
    keys: ['slack_token', 'webhook_url'],
    wrap: true,
  },
  stripe_secret_key: {
    labelled: ['STRIPE_SECRET_KEY={v}', 'stripe key {v}'],
    plain: ['{v}', 'charge it with {v}'],
    needsLabel: () => false,
    keys: ['stripe_key', 'secret_key'],
    wrap: true,
  },
  google_api_key: {
    labelled: ['GOOGLE_API_KEY={v}', 'maps api key: {v}', 'https://maps.googleapis.com/maps/api/geocode/json?key={v}'],
    plain: ['{v}', 'call it with {v}'],
    needsLabel: () => false,
    keys: ['google_api_key', 'apiKey'],
    wrap: true,
  },
  private_key: {
    labelled: ['here is the deploy key:\n{v}', 'id_rsa:\n{v}'],
    plain: ['{v}'],
    needsLabel: () => false,
    keys: ['private_key', 'key'],
    wrap: false,
    closings: ['', '\n'],
  },
  jwt: {
    labelled: ['Authorization: Bearer {v}', 'jwt: {v}', 'my session token is {v}'],
    plain: ['{v}', 'decode {v} for me'],
    needsLabel: () => false,
    keys: ['token', 'id_token', 'access_token', 'jwt'],
    wrap: true,
  },
  generic_secret: {
    labelled: ['password: {v}', 'DB_PASSWORD={v}', 'api_key = "{v}"', "client_secret: '{v}'", 'the password is {v}', 'Authorization: Bearer {v}', 'token={v}', 'passphrase: `{v}`'],
    keys: ['password', 'api_key', 'client_secret', 'token', 'apiKey', 'db_password'],
    wrap: false,
    // An unquoted value takes in a following `!` or `?`: those may be part of a password.
    closings: ['', '.', ',', ';'],
  },
};
