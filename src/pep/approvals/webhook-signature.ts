/**
 * Webhook signatures: `X-Gatehouse-Signature: sha256=<hex HMAC-SHA256>` over
 * `<X-Gatehouse-Timestamp>.<raw body>`. The timestamp is inside the signed material, so a
 * captured request cannot be replayed later with a fresh timestamp.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../crypto/constant-time.js';
import { Secret } from '../../crypto/secret.js';
import { InvalidOptionError } from '../../errors.js';

export const SIGNATURE_HEADER = 'x-gatehouse-signature';
export const TIMESTAMP_HEADER = 'x-gatehouse-timestamp';
export const DELIVERY_HEADER = 'x-gatehouse-delivery';

/** A webhook secret: at least 16 bytes. A `Secret` keeps it out of logs. */
export type WebhookSecret = string | Uint8Array | Secret;

const MIN_SECRET_BYTES = 16;
const DEFAULT_TOLERANCE_SECONDS = 300;

/** The secret's bytes; throws {@link InvalidOptionError} (without the secret) when too short. */
export function webhookKey(secret: WebhookSecret, option = 'webhook.secret'): Uint8Array {
  let bytes: Uint8Array;
  if (secret instanceof Secret) bytes = secret.exposeBytes();
  else if (typeof secret === 'string') bytes = new TextEncoder().encode(secret);
  else if (secret instanceof Uint8Array) bytes = secret;
  else throw new InvalidOptionError(`options.${option} must be a string, a Uint8Array or a Secret.`);
  if (bytes.byteLength < MIN_SECRET_BYTES) throw new InvalidOptionError(`options.${option} must be at least ${MIN_SECRET_BYTES} bytes; use a random value such as \`openssl rand -hex 32\`.`);
  return bytes;
}

function hmacHex(key: Uint8Array, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The signature headers for one delivery.
 *
 * @example
 * ```ts
 * signWebhook('{"type":"approval.requested"}', secret, 1767225600);
 * // { 'x-gatehouse-timestamp': '1767225600', 'x-gatehouse-signature': 'sha256=…' }
 * ```
 */
export function signWebhook(body: string | Uint8Array, secret: WebhookSecret, timestampSeconds: number): Record<string, string> {
  const timestamp = String(Math.floor(timestampSeconds));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `sha256=${hmacHex(webhookKey(secret), timestamp, body)}` };
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
  }
  return undefined;
}

export interface VerifyWebhookOptions {
  /** How far the timestamp may be from now, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** Clock (epoch ms), for tests. */
  now?: () => number;
}

/**
 * Checks a delivery on the receiving side: the signature must match the raw body and the
 * timestamp, in constant time, and the timestamp must be within `toleranceSeconds` of now.
 * Pass the body exactly as received (before JSON parsing). Returns false for anything
 * missing, malformed, stale or forged.
 *
 * @example
 * ```ts
 * app.post('/hooks/gatehouse', express.raw({ type: 'application/json' }), (req, res) => {
 *   if (!verifyWebhookSignature(req.body, req.headers, process.env.GATEHOUSE_WEBHOOK_SECRET!)) return res.sendStatus(401);
 *   const event = JSON.parse(req.body.toString('utf8'));
 *   res.sendStatus(204);
 * });
 * ```
 */
export function verifyWebhookSignature(body: string | Uint8Array, headers: HeaderBag, secret: WebhookSecret, options: VerifyWebhookOptions = {}): boolean {
  if ((typeof body !== 'string' && !(body instanceof Uint8Array)) || headers === null || typeof headers !== 'object') return false;
  const key = webhookKey(secret, 'secret');
  const timestamp = header(headers, TIMESTAMP_HEADER);
  const signature = header(headers, SIGNATURE_HEADER);
  if (timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature)) return false;
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = (options.now ?? Date.now)() / 1000;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) return false;
  return constantTimeEqual(signature, `sha256=${hmacHex(key, timestamp, body)}`);
}
