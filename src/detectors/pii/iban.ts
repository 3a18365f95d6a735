import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const ibanDetector: Detector = {
  name: 'iban',
  types: ['iban'],
  find() {},
};
