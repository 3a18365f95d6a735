import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const cloudKeyDetector: Detector = {
  name: 'cloud_keys',
  types: ['aws_access_key_id', 'aws_secret_access_key', 'google_api_key'],
  find() {},
};
