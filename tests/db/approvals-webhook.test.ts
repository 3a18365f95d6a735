import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/crypto/secret.js';
import type { PolicyEngine } from '../../src/pdp/create-policy-engine.js';
import {
  DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, createApprovalService, signWebhook, verifyWebhookSignature,
  type ApprovalService, type WebhookDeliveryResult, type WebhookOptions,
} from '../../src/pep/approvals/index.js';
import { approvalEngine, recordingLogger, type RecordingLogger } from './helpers/pep-test-kit.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const EMAIL = 'ana.lima@example.com';

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A webhook receiver on 127.0.0.1 that answers with the next status of `statuses` (then 200), or never. */
async function receiver(statuses: (number | 'hang')[] = []): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      const status = statuses.shift() ?? 200;
      if (status === 'hang') return;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/gatehouse?token=abc`, received, server };
}

describe(`approval webhooks (${backend})`, () => {
  let store: TestStore;
  let engine: PolicyEngine;
  const org = uniqueName('acme');
  const cleanup: (() => Promise<void>)[] = [];

  async function serviceWith(webhook: Omit<WebhookOptions, 'secret'> & { secret?: WebhookOptions['secret'] }, logger: RecordingLogger = recordingLogger()) {
    const deliveries: WebhookDeliveryResult[] = [];
    const approvals: ApprovalService = createApprovalService(store, {
      listenUrl: false, logger,
      webhook: { secret: SECRET, retryDelayMs: 10, ...webhook, onDelivery: (r) => deliveries.push(r) },
    });
    cleanup.push(() => approvals.close());
    return { approvals, deliveries, logger };
  }

  function request(approvals: ApprovalService) {
    const decision = engine.decide({ orgId: org, userId: 'u1', stage: 'input', text: `refund ${EMAIL}` });
    return approvals.request({ orgId: org, decision, requestedBy: 'u1', reason: 'over limit' });
  }

  beforeAll(async () => {
    store = await openTestStore();
    engine = await approvalEngine();
  });
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  afterAll(() => store.dispose());

  function track(server: Server): void {
    cleanup.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  }

  it('a new request is POSTed as signed JSON that verifyWebhookSignature() accepts', async () => {
    const hook = await receiver();
    track(hook.server);
    const { approvals, deliveries } = await serviceWith({ url: hook.url });
    const { approvalId } = await request(approvals);
    await approvals.webhooksIdle();

    expect(deliveries).toEqual([expect.objectContaining({ approvalId, ok: true, attempts: 1, status: 200 })]);
    expect(hook.received).toHaveLength(1);
    const [{ headers, body }] = hook.received as [Received];
    expect(headers['content-type']).toBe('application/json');
    expect(headers[SIGNATURE_HEADER]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Math.abs(Number(headers[TIMESTAMP_HEADER]) - Date.now() / 1000)).toBeLessThan(60);
    expect(verifyWebhookSignature(body, headers, SECRET)).toBe(true);
    expect(verifyWebhookSignature(body.toString('utf8'), headers, new Secret(SECRET))).toBe(true);

    const event = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    expect(event).toMatchObject({ type: 'approval.requested', approvalId, orgId: org, requestedBy: 'u1', reason: 'over limit', approvalPolicyIds: ['refunds'] });
    expect(event.deliveryId).toBe(headers[DELIVERY_HEADER]);
    expect(body.toString('utf8')).not.toContain(EMAIL);
  });

  it('verifyWebhookSignature() refuses a forged, altered, replayed or malformed delivery', () => {
    const body = '{"type":"approval.requested","approvalId":"x"}';
    const now = 1_767_225_600_000;
    const headers = signWebhook(body, SECRET, now / 1000);
    const at = { now: () => now };
    expect(verifyWebhookSignature(body, headers, SECRET, at)).toBe(true);
    expect(verifyWebhookSignature(`${body} `, headers, SECRET, at)).toBe(false);
    expect(verifyWebhookSignature(body, headers, `${SECRET}x`, at)).toBe(false);
    // A captured body and signature with a fresh timestamp: the timestamp is signed too.
    expect(verifyWebhookSignature(body, { ...headers, [TIMESTAMP_HEADER]: String(now / 1000 + 10) }, SECRET, at)).toBe(false);
    // Replayed later than the tolerance.
    expect(verifyWebhookSignature(body, headers, SECRET, { now: () => now + 301_000 })).toBe(false);
    expect(verifyWebhookSignature(body, headers, SECRET, { now: () => now + 299_000 })).toBe(true);
    expect(verifyWebhookSignature(body, headers, SECRET, { now: () => now + 60_000, toleranceSeconds: 30 })).toBe(false);
    expect(verifyWebhookSignature(body, { [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER] }, SECRET, at)).toBe(false);
    expect(verifyWebhookSignature(body, { ...headers, [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER]!.replace('sha256=', 'sha1=') }, SECRET, at)).toBe(false);
    expect(verifyWebhookSignature(body, { ...headers, [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER]!.toUpperCase() }, SECRET, at)).toBe(false);
    expect(verifyWebhookSignature(body, new Headers(headers), SECRET, at)).toBe(true);
  });

  it('retries 5xx answers, signing each attempt, until the endpoint accepts', async () => {
    const hook = await receiver([503, 500]);
    track(hook.server);
    const { approvals, deliveries, logger } = await serviceWith({ url: hook.url, maxAttempts: 4 });
    await request(approvals);
    await approvals.webhooksIdle();
    expect(deliveries).toEqual([expect.objectContaining({ ok: true, attempts: 3, status: 200 })]);
    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((r) => r.headers[DELIVERY_HEADER])).size).toBe(1);
    for (const r of hook.received) expect(verifyWebhookSignature(r.body, r.headers, SECRET)).toBe(true);
    expect(logger.lines.map((l) => l.fields.status)).toEqual([503, 500]);
  });

  it('does not retry a 4xx answer other than 408 and 429', async () => {
    const hook = await receiver([400]);
    track(hook.server);
    const { approvals, deliveries } = await serviceWith({ url: hook.url });
    await request(approvals);
    await approvals.webhooksIdle();
    expect(deliveries).toEqual([expect.objectContaining({ ok: false, attempts: 1, status: 400 })]);
  });

  it('a hanging endpoint never delays or fails request(); the delivery times out, retries, gives up and logs no secret', async () => {
    const hook = await receiver(['hang', 'hang']);
    track(hook.server);
    const { approvals, deliveries, logger } = await serviceWith({ url: hook.url, timeoutMs: 150, maxAttempts: 2 });
    const { approvalId } = await request(approvals);
    expect(deliveries).toEqual([]);
    expect((await approvals.get(org, approvalId)).status).toBe('pending');
    await approvals.webhooksIdle();
    expect(deliveries).toEqual([expect.objectContaining({ ok: false, attempts: 2, error: 'TimeoutError' })]);
    expect(logger.lines.map((l) => l.message)).toEqual([
      'approval webhook delivery failed; retrying',
      'approval webhook delivery failed; giving up',
    ]);
    const logged = JSON.stringify(logger.lines);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain('token=abc');
    expect(logged).not.toContain(EMAIL);
  });

  it('an endpoint that is down does not fail request()', async () => {
    const hook = await receiver();
    await new Promise((resolve) => hook.server.close(resolve));
    const { approvals, deliveries } = await serviceWith({ url: hook.url, maxAttempts: 2 });
    const { approvalId } = await request(approvals);
    expect((await approvals.get(org, approvalId)).status).toBe('pending');
    await approvals.webhooksIdle();
    expect(deliveries).toEqual([expect.objectContaining({ ok: false, attempts: 2, error: 'TypeError' })]);
  });

  it('bad webhook options fail when the service is created, without echoing the secret', () => {
    expect(() => createApprovalService(store, { webhook: { url: 'ftp://example.com/x', secret: SECRET } })).toThrow(/http\(s\) URL/);
    expect(() => createApprovalService(store, { webhook: { url: 'not a url', secret: SECRET } })).toThrow(/absolute http\(s\) URL/);
    let message = '';
    try {
      createApprovalService(store, { webhook: { url: 'https://example.com/x', secret: 'short-secret' } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/at least 16 bytes/);
    expect(message).not.toContain('short-secret');
  });
});
