import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const emailDetector: Detector = {
  name: 'email',
  types: ['email'],
  find() {},
};
