import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const aadhaarDetector: Detector = {
  name: 'aadhaar',
  types: ['aadhaar'],
  find() {},
};
