import type { Detector } from '../types.js';

// PLACEHOLDER: not implemented yet.
export const tokenDetector: Detector = {
  name: 'tokens',
  types: ['github_token', 'slack_token', 'stripe_secret_key', 'jwt'],
  find() {},
};
