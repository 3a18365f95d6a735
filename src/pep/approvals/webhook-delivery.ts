/**
 * Delivers approval notifications to the host's webhook: fire and forget, so a slow or broken
 * endpoint never delays or fails `request()`. Each attempt is signed afresh (a new timestamp);
 * network errors, timeouts, 408, 429 and 5xx are retried with exponential backoff. Logs carry
 * the approval id, attempt and status only: never the body or the secret.
 */
import { randomUUID } from 'node:crypto';
import { InvalidOptionError } from '../../errors.js';
import { integerOption } from '../../integer-option.js';
import type { Logger } from '../log/logger.js';
import { DELIVERY_HEADER, signWebhook, webhookKey, type WebhookSecret } from './webhook-signature.js';

export interface WebhookOptions {
  /** http(s) URL that receives `POST` JSON. */
  url: string;
  secret: WebhookSecret;
  /** Attempts in all, 1 to 10. Default 4. */
  maxAttempts?: number;
  /** Per attempt, in ms. Default 5000. */
  timeoutMs?: number;
  /** Delay before the first retry, doubled each time, in ms. Default 500. */
  retryDelayMs?: number;
  /** Called once per delivery with its result (for metrics or tests). */
  onDelivery?: (result: WebhookDeliveryResult) => void;
}

export interface WebhookDeliveryResult {
  deliveryId: string;
  approvalId: string;
  ok: boolean;
  attempts: number;
  /** The last HTTP status, when there was a response. */
  status?: number;
  /** The last error's name, when there was no response. */
  error?: string;
}

export interface WebhookSender {
  send(approvalId: string, event: Record<string, unknown>): void;
  /** Resolves when every delivery in flight has finished (or given up). */
  idle(): Promise<void>;
  /** Cancels pending retries and in-flight requests. */
  close(): Promise<void>;
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/** Validates the options up front, so a bad URL or a short secret fails at start-up. */
export function createWebhookSender(options: WebhookOptions, logger: Logger, now: () => number): WebhookSender {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new InvalidOptionError('options.webhook.url must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidOptionError('options.webhook.url must be an http(s) URL.');
  // Checked and decoded once, not on every delivery attempt.
  const key = webhookKey(options.secret);
  const maxAttempts = integerOption(options.maxAttempts, 'options.webhook.maxAttempts', 4, 1, 10);
  const timeoutMs = integerOption(options.timeoutMs, 'options.webhook.timeoutMs', 5_000, 1, 120_000);
  const retryDelayMs = integerOption(options.retryDelayMs, 'options.webhook.retryDelayMs', 500, 1, 600_000);
  const closing = new AbortController();
  const inFlight = new Set<Promise<void>>();
  // Only origin and path in logs: a query string could hold a token.
  const target = `${url.origin}${url.pathname}`;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      closing.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
  }

  async function deliver(approvalId: string, event: Record<string, unknown>): Promise<void> {
    const deliveryId = randomUUID();
    const body = JSON.stringify({ ...event, deliveryId });
    let result: WebhookDeliveryResult = { deliveryId, approvalId, ok: false, attempts: 0 };
    for (let attempt = 1; attempt <= maxAttempts && !closing.signal.aborted; attempt++) {
      result = { deliveryId, approvalId, ok: false, attempts: attempt };
      let again = true;
      try {
        const response = await fetch(url, {
          method: 'POST',
          body,
          redirect: 'manual',
          signal: AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]),
          headers: { 'content-type': 'application/json', 'user-agent': 'gatehouse-webhook', [DELIVERY_HEADER]: deliveryId, ...signWebhook(body, key, now() / 1000) },
        });
        await response.body?.cancel().catch(() => undefined);
        result.status = response.status;
        if (response.ok) {
          result.ok = true;
          break;
        }
        again = retryable(response.status);
      } catch (error) {
        result.error = (error as Error)?.name ?? 'Error';
      }
      const last = !again || attempt === maxAttempts;
      logger.warn(
        { approvalId, deliveryId, attempt, status: result.status, error: result.error, url: target, willRetry: !last },
        last ? 'approval webhook delivery failed; giving up' : 'approval webhook delivery failed; retrying',
      );
      if (last) break;
      await sleep(retryDelayMs * 2 ** (attempt - 1));
    }
    try {
      options.onDelivery?.(result);
    } catch {
      // A throwing callback must not become an unhandled rejection.
    }
  }

  return {
    send(approvalId, event) {
      if (closing.signal.aborted) return;
      const p = deliver(approvalId, event).catch((error: unknown) => {
        logger.error({ approvalId, error: (error as Error)?.name }, 'approval webhook delivery crashed');
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async close() {
      closing.abort();
      await Promise.all([...inFlight]);
    },
  };
}
