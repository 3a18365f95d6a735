/** decisionModeRouter(): Decision Mode mounted in an Express app under a prefix, on 127.0.0.1. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionModeRouter } from '../../src/pep/express/index.js';
import { adapterEngine, CARD, memoryAudit, memoryKey } from './helpers/adapter-kit.js';

const quietLogger = { warn: () => {}, error: () => {} };

describe('gatehouse/express: decisionModeRouter', () => {
  let server: Server;
  let url = '';
  let key = '';
  const audit = Object.assign(memoryAudit(), { counters: { queued: 0, failed: 0, rejected: 0 } });
  beforeAll(async () => {
    const keys = await memoryKey('acme', 'gateway');
    key = keys.key;
    const app = express();
    app.use('/gatehouse', decisionModeRouter({ engine: adapterEngine(), apiKeys: keys.store, audit, logger: quietLogger }));
    app.use(express.json());
    app.post('/echo', (req, res) => { res.json({ echoed: req.body }); });
    // Mounted after the body parser: the router must say so instead of hanging.
    app.use('/late', decisionModeRouter({ engine: adapterEngine(), apiKeys: keys.store, logger: quietLogger }));
    app.use((_req, res) => { res.status(404).json({ error: 'express 404' }); });
    server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const decide = (prefix: string, body: unknown) => fetch(`${url}${prefix}/api/v1/decide`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body),
  });

  it('POST <prefix>/api/v1/decide answers a decision and audits it', async () => {
    const res = await decide('/gatehouse', { stage: 'input', query: `card ${CARD}` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.verdict).toBe('allow');
    expect(body.obligations[0]).toMatchObject({ type: 'redact', redacted_query: 'card **** **** **** 1111' });
    expect(audit.records.at(-1)!.decisionId).toBe(body.decision_id);
  });

  it('without credentials it is 401, from the Decision Mode handler itself', async () => {
    const res = await fetch(`${url}/gatehouse/api/v1/decide`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });

  it('paths that are not Decision Mode routes fall through to the app', async () => {
    const res = await fetch(`${url}/gatehouse/not-a-route`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'express 404' });
    const echo = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await echo.json()).toEqual({ echoed: { a: 1 } });
  });

  it('mounted after express.json(), it answers 500 BODY_ALREADY_READ instead of waiting for a body that is gone', async () => {
    const res = await decide('/late', { stage: 'input', query: 'hi' });
    expect(res.status).toBe(500);
    expect(((await res.json()) as any).error.code).toBe('BODY_ALREADY_READ');
  });
});
