import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const nikDetector: Detector = {
  name: 'nik',
  types: ['nik'],
  find() {},
};
