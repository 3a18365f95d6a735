import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const bookingRefDetector: Detector = {
  name: 'booking_ref',
  types: ['booking_ref'],
  find() {},
};
