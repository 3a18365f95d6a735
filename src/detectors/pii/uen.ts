import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const uenDetector: Detector = {
  name: 'uen',
  types: ['uen'],
  find() {},
};
