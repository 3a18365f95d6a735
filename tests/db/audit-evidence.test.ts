import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ed from '@noble/ed25519';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultManifestPath, exportEvidence, runEvidenceCli, verifyEvidence, type EvidenceManifest } from '../../src/audit/index.js';
import { manifestSigningBytes } from '../../src/audit/evidence-manifest.js';
import { migrate, openStore } from '../../src/tenancy/index.js';
import { backend, databaseUrl, openTestStore, prepareDataDir, uniqueName, type TestStore } from './helpers/test-store.js';
import { writeDecisions } from './helpers/audit-fixtures.js';

const signingKey = randomBytes(32);
const T0 = Date.parse('2025-02-01T00:00:00.000Z');
const HOUR = 3_600_000;

/** Lines of a JSON Lines text, and back. */
const split = (jsonl: string) => jsonl.split('\n').slice(0, -1);
const join_ = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

/** Re-signs an edited manifest with `key`, as a forger without the org's key would. */
async function resign(manifest: EvidenceManifest, key: Uint8Array, changes: Partial<EvidenceManifest>): Promise<EvidenceManifest> {
  const { signature: _old, ...rest } = { ...manifest, ...changes, public_key: Buffer.from(await ed.getPublicKeyAsync(key)).toString('hex') };
  const signature = Buffer.from(await ed.signAsync(manifestSigningBytes(rest), key)).toString('hex');
  return { ...rest, signature };
}

describe(`evidence export (${backend})`, () => {
  let store: TestStore;
  let publicKey: string;
  const org = uniqueName('org');
  let jsonl: string;
  let manifest: EvidenceManifest;

  beforeAll(async () => {
    store = await openTestStore();
    publicKey = Buffer.from(await ed.getPublicKeyAsync(signingKey)).toString('hex');
    await writeDecisions(store, org, 12, (i) => ({ timestamp: new Date(T0 + i * HOUR), verdict: i % 2 ? 'deny' : 'allow', redactedText: `note ${i}` }));
    ({ jsonl, manifest } = await exportEvidence(store, org, { signingKey, pageSize: 5 }));
  });
  afterAll(() => store.dispose());

  it('exports every record as a JSON line with a signed manifest that verifies', async () => {
    expect(split(jsonl)).toHaveLength(12);
    expect(manifest).toMatchObject({ format: 'gatehouse.audit.evidence/v1', org_id: org, count: 12, prev_hash: null, public_key: publicKey });
    expect(manifest.range).toEqual({ from: null, to: null, first_seq: 1, last_seq: 12 });
    const first = JSON.parse(split(jsonl)[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ seq: 1, org_id: org, verdict: 'allow', user_id: 'user-1', prev_hash: null, hash: manifest.first_hash });
    expect(JSON.parse(split(jsonl)[11]!)).toMatchObject({ seq: 12, hash: manifest.last_hash });
    const result = await verifyEvidence(jsonl, manifest, publicKey);
    expect(result).toEqual({ valid: true, orgId: org, count: 12, firstSeq: 1, lastSeq: 12, problems: [] });
    // The manifest can travel as text, the key as bytes.
    expect((await verifyEvidence(jsonl, JSON.stringify(manifest), Buffer.from(publicKey, 'hex'))).valid).toBe(true);
  });

  it('exports a time range as the unbroken seq range it covers, which verifies on its own', async () => {
    const part = await exportEvidence(store, org, { signingKey, from: new Date(T0 + 3 * HOUR), to: new Date(T0 + 8 * HOUR) });
    expect(part.manifest.range).toMatchObject({ first_seq: 4, last_seq: 8 });
    expect(part.manifest.count).toBe(5);
    expect(part.manifest.prev_hash).toBe(JSON.parse(split(jsonl)[2]!).hash);
    expect((await verifyEvidence(part.jsonl, part.manifest, publicKey)).valid).toBe(true);
    const none = await exportEvidence(store, org, { signingKey, from: '2030-01-01' });
    expect(none).toMatchObject({ jsonl: '', manifest: { count: 0, first_hash: null, last_hash: null } });
    expect((await verifyEvidence(none.jsonl, none.manifest, publicKey)).valid).toBe(true);
  });

  it('detects an edited line, even one re-hashed to look consistent', async () => {
    const lines = split(jsonl);
    const edited = lines.map((l, i) => (i === 4 ? l.replace('"verdict":"allow"', '"verdict":"deny"') : l));
    expect(edited[4]).not.toBe(lines[4]);
    const result = await verifyEvidence(join_(edited), manifest, publicKey);
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['file_digest', 'hash_mismatch']));
    expect(result.problems.find((p) => p.kind === 'hash_mismatch')!.seq).toBe(5);
  });

  it('detects a deleted line, at the start, in the middle and at the end', async () => {
    const lines = split(jsonl);
    for (const [index, kind] of [[0, 'head_mismatch'], [6, 'gap'], [11, 'head_mismatch']] as const) {
      const result = await verifyEvidence(join_(lines.filter((_, i) => i !== index)), manifest, publicKey);
      expect(result.valid).toBe(false);
      expect(result.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['file_digest', 'count_mismatch', kind]));
    }
  });

  it('detects two lines swapped', async () => {
    const lines = split(jsonl);
    [lines[3], lines[4]] = [lines[4]!, lines[3]!];
    const result = await verifyEvidence(join_(lines), manifest, publicKey);
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['out_of_order']));
  });

  it('detects an edited manifest, and one re-signed with another key', async () => {
    const edited = { ...manifest, count: 11 };
    expect((await verifyEvidence(jsonl, edited, publicKey)).problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['signature', 'count_mismatch']));
    // A forger drops the last line and signs a matching manifest with their own key.
    const lines = split(jsonl).slice(0, -1);
    const shorter = join_(lines);
    const { createHash } = await import('node:crypto');
    const forged = await resign(manifest, randomBytes(32), {
      count: 11,
      last_hash: JSON.parse(lines[10]!).hash,
      range: { ...manifest.range, last_seq: 11 },
      jsonl_sha256: createHash('sha256').update(shorter).digest('hex'),
    });
    const result = await verifyEvidence(shorter, forged, publicKey);
    expect(result.valid).toBe(false);
    expect(result.problems.every((p) => p.kind === 'signature')).toBe(true);
    // Under the forger's key it would verify: which is why the trusted key must come from elsewhere.
    expect((await verifyEvidence(shorter, forged, forged.public_key)).valid).toBe(true);
  });

  it('reports a malformed manifest or line instead of throwing', async () => {
    expect((await verifyEvidence(jsonl, '{', publicKey)).problems).toEqual([{ seq: null, kind: 'malformed', message: 'the manifest is not valid JSON' }]);
    expect((await verifyEvidence(jsonl, { ...manifest, count: -1 }, publicKey)).problems[0]).toMatchObject({ kind: 'malformed', message: expect.stringContaining('count') });
    const lines = split(jsonl);
    lines[2] = '{"seq": 3}';
    expect((await verifyEvidence(join_(lines), manifest, publicKey)).problems.map((p) => p.kind)).toContain('malformed');
  });

  it('refuses a signing key of the wrong size', async () => {
    await expect(exportEvidence(store, org, { signingKey: randomBytes(31) })).rejects.toThrow(/exactly 32 bytes/);
  });

  describe('gatehouse evidence verify', () => {
    let dir: string;
    let file: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'gatehouse-evidence-'));
      file = join(dir, 'acme.jsonl');
      await writeFile(file, jsonl);
      await writeFile(defaultManifestPath(file), JSON.stringify(manifest, null, 2));
      await writeFile(join(dir, 'key.hex'), `${publicKey}\n`);
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runEvidenceCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    it('exits 0 and says VALID for an untouched export', async () => {
      expect(defaultManifestPath(file)).toBe(join(dir, 'acme.manifest.json'));
      const result = await run(['verify', file, '--public-key', publicKey]);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toMatch(/^VALID: .*12 records, seq 1\.\.12/);
      expect((await run(['verify', file, '--public-key-file', join(dir, 'key.hex')])).code).toBe(0);
    });

    it('exits 1 and lists the problems for a tampered export', async () => {
      const tampered = join(dir, 'tampered.jsonl');
      await writeFile(tampered, join_(split(jsonl).filter((_, i) => i !== 5)));
      const result = await run(['verify', tampered, '--public-key', publicKey, '--manifest', defaultManifestPath(file)]);
      expect(result.code).toBe(1);
      expect(result.out).toMatch(/^INVALID/);
      expect(result.out).toMatch(/\[gap\] seq 7: seq 6 missing/);
    });

    it('export writes the JSON Lines file and its manifest, which verify', async () => {
      const keyFile = join(dir, 'audit.key');
      await writeFile(keyFile, `${Buffer.from(signingKey).toString('hex')}\n`);
      const out = join(dir, 'cli-export.jsonl');
      let target: string[];
      if (backend === 'postgres') {
        target = ['--url', databaseUrl(), '--schema', store.schema];
      } else {
        // The CLI opens its own database: give it an on-disk PGlite with the same records.
        const dataDir = join(dir, 'db');
        await prepareDataDir(dataDir);
        const disk = await openStore({ dataDir, schema: 'evidence_cli' });
        try {
          await migrate(disk);
          await writeDecisions(disk, org, 12, (i) => ({ timestamp: new Date(T0 + i * HOUR) }));
        } finally {
          await disk.close();
        }
        target = ['--data-dir', dataDir, '--schema', 'evidence_cli'];
      }
      const result = await run(['export', '--org', org, '--signing-key-file', keyFile, '--out', out, ...target]);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toContain(`Exported 12 records, seq 1..12 of org ${org}`);
      expect(result.out).toContain(publicKey);
      expect((await run(['verify', out, '--public-key', publicKey])).code).toBe(0);
    });

    it('exits 2 on bad usage or an unreadable file, without a stack trace', async () => {
      expect((await run(['export', '--org', org])).code).toBe(2);
      await writeFile(join(dir, 'bad.key'), 'not a key\n');
      const badKey = await run(['export', '--org', org, '--signing-key-file', join(dir, 'bad.key'), '--data-dir', join(dir, 'never-opened')]);
      expect(badKey).toMatchObject({ code: 2, err: expect.stringMatching(/32 raw bytes or 64 hex digits/) });
      expect((await run([])).code).toBe(2);
      expect((await run(['--help'])).code).toBe(0);
      expect((await run(['verify', file])).err).toMatch(/--public-key/);
      expect((await run(['verify', file])).code).toBe(2);
      expect((await run(['sign', file, '--public-key', publicKey])).code).toBe(2);
      expect((await run(['verify', '--public-key', publicKey])).code).toBe(2);
      expect((await run(['verify', file, '--bogus'])).code).toBe(2);
      const missing = await run(['verify', join(dir, 'nope.jsonl'), '--public-key', publicKey]);
      expect(missing).toMatchObject({ code: 2, err: expect.stringContaining('ENOENT') });
      expect((await run(['verify', file, '--public-key', 'zz'])).code).toBe(2);
    });
  });
});
