import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const privateKeyDetector: Detector = {
  name: 'private_key',
  types: ['private_key'],
  find() {},
};
