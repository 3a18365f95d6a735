import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const phoneDetector: Detector = {
  name: 'phone',
  types: ['phone'],
  find() {},
};
