import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const panDetector: Detector = {
  name: 'pan',
  types: ['pan'],
  find() {},
};
