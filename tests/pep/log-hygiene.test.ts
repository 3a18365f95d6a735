/**
 * A log line never carries a detected value or a secret. Realistic flows run against a
 * pino-shaped capturing logger: guard() (deny, redact, approval, audit and breaker failures),
 * the Decision Mode server (bad auth, org mismatch, 400, 413, deny, redact, audit down), the
 * approval webhook failing, and the breaker service failing on a store it cannot read. Every
 * captured field and message is searched for each value, raw and (for secrets) hex and base64.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detect } from '../../src/detectors/detect.js';
import { createPolicyEngine } from '../../src/pdp/create-policy-engine.js';
import { createGatehouseCore, type ApprovalGateway } from '../../src/pep/guard/index.js';
import { createBreakerService } from '../../src/pep/breakers/index.js';
import { createWebhookSender } from '../../src/pep/approvals/webhook-delivery.js';
import type { Logger } from '../../src/pep/log/logger.js';
import { openStore, type GatehouseStore } from '../../src/tenancy/index.js';
import { basic, bearer, memoryAudit, memoryKeys, postJson, startServer, type RunningServer } from './helpers/http-kit.js';

const CARD = '4111 1111 1111 1111';
const EMAIL = 'ana.lima@example.com';
const AWS_KEY = 'AKIAZ7Q3KX2LMN4P5R6T';
const API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const PASSWORD = 'Tr0ub4dor&3-zebra';
const PROMPT = `charge ${CARD}, mail ${EMAIL}, use ${AWS_KEY} and ${API_KEY}; db password = "${PASSWORD}"`;
const REDACTABLE = `charge ${CARD} and mail ${EMAIL}`;
const WEBHOOK_SECRET = 'whsec-5f2b9c1e7a3d4f60b8e2c9a1d7f3e5b0';

const engine = createPolicyEngine({
  policies: { policies: [
    { id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact', style: 'mask' } } },
    { id: 'emails', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
    { id: 'secrets', kind: 'detector', types: { aws_access_key_id: { action: 'block' }, stripe_secret_key: { action: 'block' }, generic_secret: { action: 'block' } } },
    { id: 'refunds', kind: 'condition', stages: ['input'], when: { field: 'attributes.action', op: 'equals', value: 'refund' }, action: 'require_approval' },
  ] },
});

/** pino's shape: `(fields, msg)` or `(msg)`, four levels. Every argument is kept. */
interface CapturingLogger extends Required<Logger> {
  calls: { level: string; args: unknown[] }[];
}
function capturingLogger(): CapturingLogger {
  const calls: CapturingLogger['calls'] = [];
  const at = (level: string) => (...args: unknown[]) => { calls.push({ level, args }); };
  return { calls, warn: at('warn'), error: at('error'), info: at('info'), debug: at('debug') };
}

/** Everything a pino serializer could write: fields, messages, and errors with their message, stack and cause. */
function serialize(calls: CapturingLogger['calls']): string {
  const seen = new WeakSet<object>();
  return calls.map((c) => JSON.stringify(c.args, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
    if (v instanceof Error) return { ...v, name: v.name, message: v.message, stack: v.stack, cause: v.cause };
    if (v !== null && typeof v === 'object') {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return v;
  })).join('\n');
}

/** The forms a value could leak in: raw, and for secrets also hex and base64 of its bytes. */
function forms(value: string, secret: boolean): string[] {
  const out = [value, value.toLowerCase(), value.replace(/\s/g, '')];
  if (secret) {
    const bytes = Buffer.from(value, 'utf8');
    out.push(bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'));
  }
  return [...new Set(out)];
}

function expectClean(logger: CapturingLogger, extraSecrets: string[] = []): void {
  // Not vacuous: the flow did log something.
  expect(logger.calls.length).toBeGreaterThan(0);
  const text = serialize(logger.calls);
  const needles = [
    ...forms(CARD, false), ...forms(EMAIL, false),
    ...[AWS_KEY, API_KEY, PASSWORD, WEBHOOK_SECRET, ...extraSecrets].flatMap((s) => forms(s, true)),
  ];
  for (const needle of needles) expect(text, `a log line carries ${JSON.stringify(needle)}`).not.toContain(needle);
}

it('the prompt holds every value, and each is detected (so the flows below exercise real findings)', () => {
  const found = detect(PROMPT).map((f) => f.value);
  expect(found).toEqual(expect.arrayContaining([CARD, EMAIL, AWS_KEY, API_KEY, PASSWORD]));
  // The capture and the search work: a leaked value would be caught in any form.
  const leaky = capturingLogger();
  leaky.warn({ error: new Error('x', { cause: Buffer.from(API_KEY).toString('base64') }) }, 'm');
  expect(() => expectClean(leaky)).toThrow();
});

it('a pino instance fits Logger as-is (its LogFn overloads, checked by tsc), info and debug included', () => {
  // pino's LogFn, as declared in pino.d.ts.
  interface LogFn {
    <T extends object>(obj: T, msg?: string, ...args: unknown[]): void;
    (obj: unknown, msg?: string, ...args: unknown[]): void;
    (msg: string, ...args: unknown[]): void;
  }
  const calls: unknown[][] = [];
  const fn: LogFn = (...args: unknown[]) => { calls.push(args); };
  const pinoLike: { level: string; warn: LogFn; error: LogFn; info: LogFn; debug: LogFn; fatal: LogFn } = { level: 'info', warn: fn, error: fn, info: fn, debug: fn, fatal: fn };
  const logger: Logger = pinoLike;
  logger.info?.({ n: 1 }, 'hello');
  expect(calls).toEqual([[{ n: 1 }, 'hello']]);
});

describe('guard()', () => {
  const echo = async (safe: { messages?: Array<{ content: unknown }> }) => `You said: ${String(safe.messages?.at(-1)?.content)}`;
  // Dependencies that fail with messages quoting the prompt: the worst a driver could do.
  const failWithPrompt = () => { throw new Error(`failed while handling: ${PROMPT}`); };

  it('deny, with a breaker that cannot record the violation', async () => {
    const logger = capturingLogger();
    const gh = createGatehouseCore({ engine, logger, breakers: { snapshot: () => [], recordViolation: failWithPrompt } });
    await expect(gh.guard({ orgId: 'acme', clientId: 'web' }, { messages: [{ role: 'user', content: PROMPT }] }, echo)).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expectClean(logger);
  });

  it('breaker state unreadable (fail closed)', async () => {
    const logger = capturingLogger();
    const gh = createGatehouseCore({ engine, logger, breakers: { snapshot: failWithPrompt } });
    await expect(gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: REDACTABLE }] }, echo)).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expectClean(logger);
  });

  it('redact in and out, approval rejected, audit down: still nothing in the logs', async () => {
    const logger = capturingLogger();
    const breakers = { snapshot: () => [], recordViolation: failWithPrompt };
    const approvals: ApprovalGateway = {
      request: async () => ({ approvalId: 'a-1' }),
      waitFor: async () => ({ status: 'rejected' }),
    };
    const gh = createGatehouseCore({ engine, logger, breakers, approvals });
    const reply = await gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: REDACTABLE }] }, async () => `Sure: ${CARD}`);
    expect(reply).not.toContain(CARD);
    await expect(gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: REDACTABLE }], attributes: { action: 'refund' } }, echo)).rejects.toMatchObject({ code: 'APPROVAL_DENIED' });
    const audited = createGatehouseCore({ engine, logger, breakers, audit: { record: async () => failWithPrompt() } });
    await expect(audited.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: PROMPT }] }, echo)).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    await expect(audited.check({ orgId: 'acme' }, { stage: 'input', text: PROMPT })).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expectClean(logger);
  });
});

describe('Decision Mode server', () => {
  let server: RunningServer;
  let acmeKey = '';
  const logger = capturingLogger();
  const audit = memoryAudit();
  beforeAll(async () => {
    const keys = memoryKeys();
    acmeKey = (await keys.tenant('acme', 'gateway')).key;
    server = await startServer({ engine, apiKeys: keys.store, audit, logger, bodyLimitBytes: 4096 });
  });
  afterAll(() => server.close());

  it('bad auth, org mismatch, 400, 413, deny, redact and audit down log ids and codes only', async () => {
    const decide = `${server.url}/api/v1/decide`;
    const tampered = acmeKey.slice(0, -4) + (acmeKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const statuses = [
      (await postJson(decide, { stage: 'input', query: PROMPT }, bearer(tampered))).status,
      (await postJson(decide, { stage: 'input', query: PROMPT }, bearer(AWS_KEY))).status,
      (await postJson(decide, { stage: 'input', query: PROMPT }, basic('ana', PASSWORD))).status,
      (await postJson(decide, { stage: 'input', query: PROMPT, org_id: 'globex' }, bearer(acmeKey))).status,
      (await postJson(decide, { stage: PROMPT, query: PROMPT }, bearer(acmeKey))).status,
      (await postJson(decide, `{"stage":"input","query":"${PROMPT}`, bearer(acmeKey))).status,
      (await postJson(decide, { stage: 'input', query: PROMPT.repeat(60) }, bearer(acmeKey))).status,
      (await postJson(decide, { stage: 'input', query: PROMPT }, bearer(acmeKey))).status,
      (await postJson(decide, { stage: 'input', query: REDACTABLE }, bearer(acmeKey))).status,
    ];
    audit.fail = true;
    statuses.push((await postJson(decide, { stage: 'input', query: PROMPT }, bearer(acmeKey))).status);
    audit.fail = false;
    expect(statuses).toEqual([401, 401, 401, 403, 400, 400, 413, 200, 200, 503]);
    // The failures were logged (auth, mismatch, dependency down), and none of them leaked.
    expect(logger.calls.length).toBeGreaterThanOrEqual(4);
    expectClean(logger, [acmeKey, tampered]);
  });
});

describe('approval webhook failing', () => {
  let hook: Server;
  let hookUrl = '';
  beforeAll(async () => {
    hook = createServer((req, res) => { req.resume(); req.on('end', () => { res.statusCode = 500; res.end(`echo: ${PROMPT}`); }); });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/gatehouse`;
  });
  afterAll(() => new Promise<void>((r) => hook.close(() => r())));

  it('logs the approval id, attempt and status; never the body, the secret or a query-string token', async () => {
    const logger = capturingLogger();
    const results: unknown[] = [];
    const sender = createWebhookSender({ url: `${hookUrl}?token=${API_KEY}`, secret: WEBHOOK_SECRET, maxAttempts: 2, retryDelayMs: 1, onDelivery: (r) => results.push(r) }, logger, Date.now);
    // The service sends ids and codes; this event carries the prompt anyway, the worst case.
    sender.send('appr-1', { type: 'approval.requested', reason: PROMPT });
    await sender.idle();
    await sender.close();
    expect(results).toMatchObject([{ ok: false, attempts: 2, status: 500 }]);
    expectClean(logger);
  });
});

describe('breaker service failing', () => {
  let store: GatehouseStore;
  beforeAll(async () => { store = await openStore({ dataDir: 'memory' }); }, 60_000);
  afterAll(() => store.close());

  it('an unreadable store (never migrated) is logged without any prompt value, and guard() denies', async () => {
    const logger = capturingLogger();
    const service = createBreakerService(store, { logger, listenUrl: false });
    await expect(service.start()).rejects.toMatchObject({ code: expect.any(String) });
    try {
      const gh = createGatehouseCore({ engine, logger, breakers: service });
      await expect(gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: PROMPT }] }, async () => 'never')).rejects.toMatchObject({ code: 'POLICY_DENIED' });
      await expect(gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: REDACTABLE }] }, async () => 'never')).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    } finally {
      await service.close();
    }
    expect(logger.calls.some((c) => c.level === 'error')).toBe(true);
    expectClean(logger);
  }, 60_000);
});
