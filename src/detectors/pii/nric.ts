import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const nricDetector: Detector = {
  name: 'nric',
  types: ['nric', 'fin'],
  find() {},
};
