import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const passportDetector: Detector = {
  name: 'passport',
  types: ['passport'],
  find() {},
};
