/**
 * Shared by the adapter suites (Express, Next, MCP): one policy set, an audit sink that keeps
 * what it receives, in-memory API keys, and an in-memory approval queue with the same
 * contract as the store-backed service (request, get, waitFor, approve, reject).
 */
import { randomUUID } from 'node:crypto';
import { createApiKeyManager, createMemoryApiKeyStore, platformOperator } from '../../../src/crypto/index.js';
import { scanSql } from '../../../src/detectors/sql/scan-sql.js';
import { createPolicyEngine, type PolicyEngine } from '../../../src/pdp/create-policy-engine.js';
import type { Decision } from '../../../src/pdp/decision.js';
import type { AdapterApprovals, ApprovalView } from '../../../src/pep/adapter-kit/index.js';
import type { AuditSink } from '../../../src/pep/guard/index.js';

export const CARD = '4111 1111 1111 1111';
export const EMAIL = 'ana.lima@example.com';
export const AWS_KEY = 'AKIAZ7Q3KX2LMN4P5R6T';

/** The text of every user message, for the prompt-level SQL-injection check. */
function userText(req: { messages?: Array<{ role: string; content: unknown }>; text?: string }): string {
  if (req.text !== undefined) return req.text;
  return (req.messages ?? []).filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
}

/**
 * Cards masked, emails tokenized, AWS keys blocked, an SQL-injection payload in a prompt
 * blocked (a check over scanSql), "refund" needs approval, and MCP tools: shell.* denied,
 * db.query read-only with its sql argument scanned, payments.refund needs approval.
 */
export function adapterEngine(): PolicyEngine {
  return createPolicyEngine({
    policies: { policies: [
      { id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact', style: 'mask' } } },
      { id: 'emails', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
      { id: 'keys', kind: 'detector', types: { aws_access_key_id: { action: 'block' } } },
      { id: 'prompt-sql', kind: 'check', stages: ['input'], check: 'sqlInjection', action: 'block' },
      { id: 'refunds', kind: 'text', stages: ['input'], keywords: ['refund'], action: 'require_approval' },
      { id: 'tools', kind: 'tool', denyTools: ['shell.*'], readOnlyTools: ['db.query'], args: [{ arg: 'sql', scan: 'sql', action: 'block' }] },
      { id: 'payments', kind: 'condition', stages: ['tool_call'], when: { field: 'tool.name', op: 'equals', value: 'payments.refund' }, action: 'require_approval' },
    ] },
    checks: { sqlInjection: (req) => scanSql(userText(req)).detected },
  });
}

export interface MemoryAudit extends AuditSink {
  records: Decision[];
  fail: boolean;
}

export function memoryAudit(): MemoryAudit {
  const audit: MemoryAudit = {
    records: [],
    fail: false,
    async record(d) {
      if (audit.fail) throw new Error('audit store down');
      audit.records.push(d);
    },
  };
  return audit;
}

export async function memoryKey(orgId: string, clientId = 'web') {
  const store = createMemoryApiKeyStore();
  const manager = createApiKeyManager({ store, audit: 'off' });
  const { key } = await manager.create({ orgId, clientId, actor: platformOperator('test-setup') });
  return { store, key: key.expose(), clientId };
}

interface Stored extends ApprovalView {
  orgId: string;
  decisionId: string;
  waiters: Array<(v: ApprovalView) => void>;
}

/** An in-memory approval queue: what a reviewer does is `approve(id)` / `reject(id)`. */
export interface MemoryApprovals extends Required<AdapterApprovals> {
  records: Map<string, Stored>;
  approve(approvalId: string): void;
  reject(approvalId: string): void;
  failing: boolean;
}

export function memoryApprovals(): MemoryApprovals {
  const records = new Map<string, Stored>();
  const settle = (id: string, status: string, outcome: string) => {
    const r = records.get(id)!;
    r.status = status;
    r.outcome = outcome;
    for (const w of r.waiters.splice(0)) w({ ...r });
  };
  const approvals: MemoryApprovals = {
    records,
    failing: false,
    async request({ orgId, decision, requestedBy, reason }) {
      if (approvals.failing) throw new Error('approvals store down');
      if (decision.verdict !== 'require_approval') throw new Error('not a require_approval decision');
      const approvalId = randomUUID();
      records.set(approvalId, { orgId, decisionId: decision.decisionId, status: 'pending', outcome: null, requestedBy: requestedBy ?? null, reason: reason ?? null, waiters: [] });
      return { approvalId, expiresAt: new Date(Date.now() + 3_600_000) };
    },
    async get(orgId, approvalId) {
      const r = records.get(approvalId);
      if (!r || r.orgId !== orgId) throw Object.assign(new Error('not found'), { code: 'APPROVAL_NOT_FOUND' });
      return { ...r };
    },
    waitFor(orgId, approvalId, { timeoutMs }) {
      const r = records.get(approvalId);
      if (!r || r.orgId !== orgId) return Promise.reject(Object.assign(new Error('not found'), { code: 'APPROVAL_NOT_FOUND' }));
      if (r.status !== 'pending') return Promise.resolve({ ...r });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'APPROVAL_WAIT_TIMEOUT' })), timeoutMs);
        r.waiters.push((v) => {
          clearTimeout(timer);
          resolve(v);
        });
      });
    },
    approve: (id) => settle(id, 'approved', 'allow'),
    reject: (id) => settle(id, 'rejected', 'deny'),
  };
  return approvals;
}

/** Resolves once `check` returns true, polling every few ms (fails after 5 s). */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Calls an OpenAI-compatible `/chat/completions` (the stub) with fetch and returns the reply text. */
export async function chatCompletion(baseURL: string, body: { model: string; messages: unknown[] }): Promise<string> {
  const res = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`model answered ${res.status}`);
  const json = (await res.json()) as { choices: Array<{ message: { content: string } }> };
  return json.choices[0]!.message.content;
}

/** The text of the last user message of a chat request body. */
export function lastUserText(body: Record<string, unknown>): string {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Array<{ role?: string; content?: unknown }>;
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return typeof last?.content === 'string' ? last.content : '';
}
