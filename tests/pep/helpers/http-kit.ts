/**
 * Shared bits of the Decision Mode suites: a real server on 127.0.0.1 (ephemeral port),
 * API keys in memory, an audit sink that keeps what it receives, and request helpers.
 */
import { request as httpRequest } from 'node:http';
import { createApiKeyManager, createMemoryApiKeyStore, platformOperator, type ApiKeyManager, type ApiKeyStore } from '../../../src/crypto/index.js';
import type { Decision } from '../../../src/pdp/decision.js';
import { createPolicyEngine, type PolicyEngine } from '../../../src/pdp/create-policy-engine.js';
import type { Logger } from '../../../src/pep/log/logger.js';
import { createDecisionServer, type DecisionServerOptions, type HandlerAuditSink } from '../../../src/pep/http/index.js';

export const CARD = '4111 1111 1111 1111';
export const AWS_KEY = 'AKIAZ7Q3KX2LMN4P5R6T';

/** Cards masked, emails tokenized, AWS keys blocked, refunds need approval, shell.exec denied. */
export function testEngine(): PolicyEngine {
  return createPolicyEngine({
    policies: { policies: [
      { id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact', style: 'mask' } } },
      { id: 'emails', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
      { id: 'keys', kind: 'detector', types: { aws_access_key_id: { action: 'block' } } },
      { id: 'refunds', kind: 'condition', stages: ['input'], when: { field: 'attributes.action', op: 'equals', value: 'refund' }, action: 'require_approval' },
      { id: 'tools', kind: 'tool', denyTools: ['shell.exec'] },
      { id: 'vip', kind: 'condition', when: { field: 'roles', op: 'contains', value: 'blocked_role' }, action: 'block' },
    ] },
  });
}

export interface MemoryAudit extends HandlerAuditSink {
  counters: { queued: number; failed: number; rejected: number };
  records: Decision[];
  fail: boolean;
}

export function memoryAudit(): MemoryAudit {
  const audit: MemoryAudit = {
    records: [],
    fail: false,
    counters: { queued: 0, failed: 0, rejected: 0 },
    async record(d) {
      if (audit.fail) throw new Error('audit store down');
      audit.records.push(d);
    },
  };
  return audit;
}

export interface RecordingLogger extends Logger {
  lines: { level: 'warn' | 'error'; message: string; fields: Record<string, unknown> }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return { lines, warn: (fields, message) => lines.push({ level: 'warn', message, fields }), error: (fields, message) => lines.push({ level: 'error', message, fields }) };
}

export interface Keys {
  store: ApiKeyStore;
  manager: ApiKeyManager;
  /** Creates a live tenant key and returns the full key text. */
  tenant(orgId: string, clientId?: string): Promise<{ key: string; keyId: string }>;
}

export function memoryKeys(): Keys {
  const store = createMemoryApiKeyStore();
  const manager = createApiKeyManager({ store, audit: 'off' });
  return {
    store,
    manager,
    async tenant(orgId, clientId = 'gateway') {
      const { key, summary } = await manager.create({ orgId, clientId, actor: platformOperator('test-setup') });
      return { key: key.expose(), keyId: summary.keyId };
    },
  };
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts a Decision Mode server on 127.0.0.1 with an ephemeral port. */
export async function startServer(options: DecisionServerOptions): Promise<RunningServer & { server: ReturnType<typeof createDecisionServer> }> {
  const server = createDecisionServer({ logger: recordingLogger(), ...options, host: '127.0.0.1' });
  const url = await server.listen(0);
  return { url, server, close: () => server.close() };
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
export const basic = (user: string, pass: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** POSTs `body` as JSON (or a raw string) and reads the reply. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return read(res);
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  return read(await fetch(url, { headers }));
}

async function read(res: Response): Promise<JsonResponse> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/**
 * Sends a request with node:http so the test controls how the body is written: `chunks` are
 * written one by one (chunked encoding unless `contentLength` is given), `holdOpen` leaves the
 * request unfinished. Resolves with the status and body, or with the socket error.
 */
export function rawRequest(url: string, options: { method?: string; path: string; headers?: Record<string, string>; chunks?: (string | Buffer)[]; holdOpen?: boolean; contentLength?: number }): Promise<{ status?: number; body?: string; error?: string }> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const req = httpRequest({
      host: target.hostname, port: target.port, method: options.method ?? 'POST', path: options.path,
      headers: { ...(options.contentLength !== undefined ? { 'content-length': String(options.contentLength) } : {}), ...options.headers },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', (e) => resolve({ status: res.statusCode, body, error: e.message }));
    });
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    for (const c of options.chunks ?? []) req.write(c);
    if (!options.holdOpen) req.end();
  });
}
