import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCliIo, type MemoryCliIoOptions } from '../../src/cli/memory-cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { makeTempDir } from './temp-dir.js';

const CARD = '4111 1111 1111 1111';
const EMAIL = 'ana.lima@example.com';

const POLICIES = {
  policies: [
    { id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact', style: 'mask' } } },
    { id: 'emails', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
    { id: 'secrets', kind: 'detector', types: { aws_access_key_id: { action: 'block' } } },
  ],
};

const tmp = makeTempDir('decide');
beforeAll(() => {
  tmp.write('policies.json', JSON.stringify(POLICIES));
  tmp.write('bad-policies.json', JSON.stringify({ policies: [{ id: 'cards', kind: 'detector', types: { credit_card: { action: 'shred' } } }] }));
  tmp.write('broken.json', `{\n  "policies": [\n    { "id": "x", }\n  ]\n}`);
  tmp.write('request.json', JSON.stringify({ orgId: 'acme', userId: 'u1', stage: 'input', text: `refund card ${CARD}` }));
});
afterAll(() => tmp.remove());

async function decide(argv: string[], options: MemoryCliIoOptions = {}) {
  const io = createMemoryCliIo({ cwd: tmp.dir, ...options });
  const code = await runCli(['decide', ...argv], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

const request = (text: string) => JSON.stringify({ orgId: 'acme', stage: 'input', text });

describe('gatehouse decide', () => {
  it('allows a clean request (exit 0) and prints the Decision as JSON', async () => {
    const { code, out, err } = await decide(['--policies', 'policies.json'], { stdin: request('what is the weather like?') });
    expect(err).toBe('');
    expect(code).toBe(0);
    const d = JSON.parse(out);
    expect(d.verdict).toBe('allow');
    expect(d.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.identity).toEqual({ orgId: 'acme', clientId: null, userId: null });
  });

  it('redacts (exit 0) with the request from --request, and never prints the card', async () => {
    const { code, out } = await decide(['--policies', 'policies.json', '--request', 'request.json']);
    expect(code).toBe(0);
    const d = JSON.parse(out);
    expect(d.verdict).toBe('redact');
    expect(d.redactedText).toBe('refund card **** **** **** 1111');
    expect(d.findings.map((f: { type: string }) => f.type)).toEqual(['credit_card']);
    expect(out).not.toContain(CARD);
  });

  it('denies (exit 1) when a blocking policy matches', async () => {
    const { code, out } = await decide(['--policies', 'policies.json'], { stdin: request('key AKIA4QWERTYUIOPASDFG') });
    expect(code).toBe(1);
    const d = JSON.parse(out);
    expect(d.verdict).toBe('deny');
    expect(d.evaluatedPolicies[0]).toEqual({ id: 'secrets', matched: true, action: 'block' });
  });

  it('leaves the restore map out unless --restore-tokens is given, since it holds the original values', async () => {
    const stdin = request(`mail ${EMAIL}`);
    const plain = await decide(['--policies', 'policies.json'], { stdin });
    expect(plain.out).not.toContain(EMAIL);
    expect(JSON.parse(plain.out).obligations).toContainEqual({ type: 'restore', tokensOmitted: 1 });
    const withTokens = await decide(['--policies', 'policies.json', '--restore-tokens'], { stdin });
    const restore = JSON.parse(withTokens.out).obligations.find((o: { type: string }) => o.type === 'restore');
    expect(Object.values(restore.tokens)).toEqual([EMAIL]);
  });

  it('--explain prints the readable trace', async () => {
    const { code, out } = await decide(['--policies', 'policies.json', '--request', 'request.json', '--explain']);
    expect(code).toBe(0);
    expect(out).toContain('verdict: redact (decided by cards)');
    expect(out).toContain('findings: credit_card ×1 (text)');
    expect(out).not.toContain(CARD);
  });

  it('exits 2 naming the field when the policies file is invalid', async () => {
    const { code, out, err } = await decide(['--policies', 'bad-policies.json'], { stdin: request('hi') });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('Invalid policies in bad-policies.json:');
    expect(err).toContain('policies[0].types.credit_card.action:');
  });

  it('exits 2 with the line and column when a file is not JSON, without quoting it', async () => {
    const { code, err } = await decide(['--policies', 'broken.json'], { stdin: request('hi') });
    expect(code).toBe(2);
    expect(err).toMatch(/The --policies file broken\.json is not valid JSON at line 3, column \d+\./);
    expect(err).not.toContain('"id"');
    const stdin = await decide(['--policies', 'policies.json'], { stdin: `{"orgId":"acme","text":"${CARD}"` });
    expect(stdin.code).toBe(2);
    expect(stdin.err).toContain('is not valid JSON');
    expect(stdin.err).not.toContain(CARD);
  });

  it('exits 2 naming the path when the request is not a valid decision request', async () => {
    const { code, err } = await decide(['--policies', 'policies.json'], { stdin: JSON.stringify({ orgId: 'acme', stage: 'sideways', text: CARD }) });
    expect(code).toBe(2);
    expect(err).toContain('The request is not a valid decision request:');
    expect(err).toContain('  stage: ');
    expect(err).not.toContain(CARD);
    const array = await decide(['--policies', 'policies.json'], { stdin: '[1,2]' });
    expect(array.code).toBe(2);
    expect(array.err).toContain('The request must be a JSON object');
  });

  it('exits 2 saying what is missing: --policies, the policies file, or a request on a terminal', async () => {
    const none = await decide([], { stdin: request('hi') });
    expect(none.code).toBe(2);
    expect(none.err).toContain('decide needs --policies <file.json>');
    const missing = await decide(['--policies', 'nope.json'], { stdin: request('hi') });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Cannot read the --policies file nope.json: no such file.');
    const tty = await decide(['--policies', 'policies.json'], { isTTY: { stdin: true } });
    expect(tty.code).toBe(2);
    expect(tty.err).toContain('Pass the request with --request <file.json>');
    const empty = await decide(['--policies', 'policies.json']);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('is empty');
  });

  it('keeps hash redaction stable across runs when GATEHOUSE_REDACTION_SECRET is set', async () => {
    tmp.write('hash-policies.json', JSON.stringify({ policies: [{ id: 'h', kind: 'detector', types: { email: { action: 'redact', style: 'hash' } } }] }));
    const env = { GATEHOUSE_REDACTION_SECRET: 'a'.repeat(64) };
    const first = JSON.parse((await decide(['--policies', 'hash-policies.json'], { stdin: request(`mail ${EMAIL}`), env })).out);
    const second = JSON.parse((await decide(['--policies', 'hash-policies.json'], { stdin: request(`mail ${EMAIL}`), env })).out);
    expect(first.redactedText).not.toContain(EMAIL);
    expect(first.redactedText).toBe(second.redactedText);
    const bad = await decide(['--policies', 'hash-policies.json'], { stdin: request('hi'), env: { GATEHOUSE_REDACTION_SECRET: 'short' } });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('GATEHOUSE_REDACTION_SECRET');
  });
});
