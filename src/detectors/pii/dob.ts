import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const dobDetector: Detector = {
  name: 'dob',
  types: ['dob'],
  find() {},
};
