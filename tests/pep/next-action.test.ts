/** gatehouse/next governAction(): a Server Action's arguments and result, governed. */
import { describe, expect, it } from 'vitest';
import { ApprovalDeniedError, ApprovalRequiredError, AuditRequiredError, createGatehouseCore, governAction, PolicyDeniedError } from '../../src/pep/next/index.js';
import { adapterEngine, AWS_KEY, CARD, EMAIL, memoryApprovals, memoryAudit } from './helpers/adapter-kit.js';

const engine = adapterEngine();
const identity = { orgId: 'acme', userId: 'u1' };

describe('gatehouse/next governAction', () => {
  it('FormData fields arrive redacted (files untouched); a plain object argument too; the result restores the token', async () => {
    const audit = memoryAudit();
    const seen: unknown[] = [];
    const file = new File(['%PDF-1.7'], 'invoice.pdf', { type: 'application/pdf' });
    const action = governAction(async (form: FormData, extra: { note: string }) => {
      seen.push(form.get('card'), form.getAll('tag'), form.get('upload'), extra.note);
      return { message: `Saved; receipt goes to ${String(form.get('email'))}` };
    }, createGatehouseCore({ engine, audit }), { identity });
    const form = new FormData();
    form.set('card', CARD);
    form.set('email', EMAIL);
    form.append('tag', 'vip');
    form.append('tag', `alt ${CARD}`);
    form.set('upload', file);
    const result = await action(form, { note: `call ${EMAIL}` });
    expect(seen[0]).toBe('**** **** **** 1111');
    expect(seen[1]).toEqual(['vip', 'alt **** **** **** 1111']);
    expect(seen[2]).toBe(file);
    expect(seen[3]).not.toContain(EMAIL);
    // The action only saw the token; the caller gets the email back.
    expect(result).toEqual({ message: `Saved; receipt goes to ${EMAIL}` });
    expect(audit.records.map((d) => [d.stage, d.verdict])).toEqual([['input', 'redact'], ['output', 'allow']]);
    expect(audit.records[0]!.traceId).toBe(audit.records[1]!.traceId);
  });

  it('arguments the decision did not change are the caller\'s own objects', async () => {
    const arg = { when: new Date(0), n: 1 };
    let received: unknown;
    const action = governAction(async (a: typeof arg) => { received = a; }, createGatehouseCore({ engine }), { identity });
    await action(arg);
    expect(received).toBe(arg);
  });

  it('a denied argument throws PolicyDeniedError with the audited decision, and the action never runs', async () => {
    const audit = memoryAudit();
    let ran = false;
    const action = governAction(async (_q: string) => { ran = true; }, createGatehouseCore({ engine, audit }), { identity });
    const error = await action(`key ${AWS_KEY}`).catch((e) => e);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(error.decision.decisionId).toBe(audit.records[0]!.decisionId);
    expect(ran).toBe(false);
  });

  it('a string result is checked at the output stage: a card is masked, a secret is refused', async () => {
    const gh = createGatehouseCore({ engine });
    const card = governAction(async () => `card ${CARD}`, gh, { identity });
    expect(await card()).toBe('card **** **** **** 1111');
    const secret = governAction(async () => `key ${AWS_KEY}`, gh, { identity });
    await expect(secret()).rejects.toBeInstanceOf(PolicyDeniedError);
  });

  it('onRefused returns the web answer instead of throwing', async () => {
    const audit = memoryAudit();
    const action = governAction(async (_q: string) => ({ ok: true }) as Record<string, unknown>, createGatehouseCore({ engine, audit }), {
      identity, onRefused: (refusal) => ({ refused: refusal.status, ...refusal.body }),
    });
    expect(await action(`key ${AWS_KEY}`)).toMatchObject({ refused: 403, error: 'denied', decision_id: audit.records[0]!.decisionId });
  });

  it('require_approval throws ApprovalRequiredError with the approval id; the approved id resumes the same call', async () => {
    const approvals = memoryApprovals();
    let runs = 0;
    let presented: string | undefined; // what a header or cookie would carry
    const action = governAction(async (text: string) => { runs++; return `done: ${text}`; }, createGatehouseCore({ engine }), {
      resolveIdentity: () => identity, approvals, approvalId: () => presented,
    });
    const error = await action('refund order 42').catch((e) => e);
    expect(error).toBeInstanceOf(ApprovalRequiredError);
    expect(approvals.records.has(error.approvalId)).toBe(true);
    approvals.reject(error.approvalId);
    presented = error.approvalId;
    await expect(action('refund order 42')).rejects.toBeInstanceOf(ApprovalDeniedError);
    presented = undefined;
    const again = await action('refund order 42').catch((e) => e);
    approvals.approve(again.approvalId);
    presented = again.approvalId;
    await expect(action('refund order 43')).rejects.toMatchObject({ status: 'mismatch' });
    expect(await action('refund order 42')).toBe('done: refund order 42');
    expect(runs).toBe(1);
  });

  it('fails closed when the decision cannot be recorded, and refuses an anonymous call', async () => {
    const audit = memoryAudit();
    audit.fail = true;
    let ran = false;
    await expect(governAction(async () => { ran = true; }, createGatehouseCore({ engine, audit }), { identity })()).rejects.toBeInstanceOf(AuditRequiredError);
    await expect(governAction(async () => { ran = true; }, createGatehouseCore({ engine }), { resolveIdentity: () => null })()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(ran).toBe(false);
    expect(() => governAction(async () => {}, createGatehouseCore({ engine }), {} as never)).toThrow(/identity/);
  });
});
