import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const genericSecretDetector: Detector = {
  name: 'generic_secret',
  types: ['generic_secret'],
  find() {},
};
