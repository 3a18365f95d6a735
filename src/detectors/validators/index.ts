// Validators: small pure functions, each tested against published vectors.
export * from './luhn.js';
export * from './card-issuer.js';
export * from './mod97.js';
export * from './iban-countries.js';
export * from './verhoeff.js';
export * from './nric.js';
export * from './uen.js';
export * from './nik.js';
export * from './npwp.js';
export * from './pan.js';
export * from './ssn.js';
export * from './email.js';
export * from './mrz.js';
export * from './date.js';
export * from './entropy.js';
