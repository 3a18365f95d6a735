import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const creditCardDetector: Detector = {
  name: 'credit_card',
  types: ['credit_card'],
  find() {},
};
