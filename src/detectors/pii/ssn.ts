import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const ssnDetector: Detector = {
  name: 'ssn',
  types: ['ssn'],
  find() {},
};
