/**
 * The webhook sender checks its numeric options at start-up: a bad one is a typed error that
 * names the option, its range and the value given.
 */
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../src/errors.js';
import { createWebhookSender } from '../../src/pep/approvals/webhook-delivery.js';
import type { Logger } from '../../src/pep/log/logger.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };
const base = { url: 'https://hooks.example.com/approvals', secret: 'a-webhook-secret-of-32-characters' };

describe('createWebhookSender options', () => {
  it.each([
    ['maxAttempts', 0, 'options.webhook.maxAttempts must be an integer from 1 to 10; got 0.'],
    ['maxAttempts', 11, 'options.webhook.maxAttempts must be an integer from 1 to 10; got 11.'],
    ['timeoutMs', 1.5, 'options.webhook.timeoutMs must be an integer from 1 to 120000; got 1.5.'],
    ['retryDelayMs', '500', 'options.webhook.retryDelayMs must be an integer from 1 to 600000; got 500.'],
    ['retryDelayMs', Number.NaN, 'options.webhook.retryDelayMs must be an integer from 1 to 600000; got NaN.'],
  ])('refuses %s = %s with a message naming the option, its range and the value', (name, value, message) => {
    const attempt = () => createWebhookSender({ ...base, [name]: value }, silent, Date.now);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(message);
  });

  it('accepts the bounds and leaves unset options to their defaults', async () => {
    for (const options of [{}, { maxAttempts: 1, timeoutMs: 1, retryDelayMs: 1 }, { maxAttempts: 10, timeoutMs: 120_000, retryDelayMs: 600_000 }]) {
      const sender = createWebhookSender({ ...base, ...options }, silent, Date.now);
      await sender.close();
    }
  });
});
