import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const npwpDetector: Detector = {
  name: 'npwp',
  types: ['npwp'],
  find() {},
};
