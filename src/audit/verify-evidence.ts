/**
 * Offline verification of an evidence export: the manifest's signature under a key the
 * verifier trusts, the file's SHA-256, and the hash chain recomputed line by line. Needs no
 * database and no audit secret.
 */
import { createHash } from 'node:crypto';
import { GatehouseTypeError } from '../errors.js';
import { fromHex } from './bytes.js';
import { ChainVerifier, type ChainProblemKind } from './chain-verifier.js';
import { lineToRecord } from './evidence-line.js';
import { manifestSigningBytes, parseManifest, type EvidenceManifest } from './evidence-manifest.js';
import { verifySignature } from './evidence-signature.js';

export type EvidenceProblemKind = ChainProblemKind | 'malformed' | 'signature' | 'file_digest' | 'count_mismatch';

export interface EvidenceProblem {
  /** The seq (or null) the problem concerns. */
  readonly seq: number | null;
  readonly kind: EvidenceProblemKind;
  readonly message: string;
}

export interface EvidenceVerification {
  readonly valid: boolean;
  readonly orgId: string | null;
  /** Records in the file. */
  readonly count: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  readonly problems: readonly EvidenceProblem[];
}

function publicKeyBytes(key: unknown): Uint8Array {
  if (key instanceof Uint8Array) return key;
  const bytes = typeof key === 'string' ? fromHex(key.toLowerCase()) : undefined;
  if (bytes === undefined) throw new GatehouseTypeError('The "publicKey" argument must be a Uint8Array or a hex string (the 32-byte Ed25519 public key).');
  return bytes;
}

function linesOf(jsonl: string): string[] {
  if (jsonl === '') return [];
  const lines = jsonl.split('\n');
  // Each line ends in \n, so the text ends in one and splitting leaves a final empty string.
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Verifies an export against the public key you trust (not the one the manifest names: anyone
 * can sign an edited file with their own key). Any edited, deleted, added or reordered line,
 * or an edited manifest, makes it invalid.
 *
 * @example
 * ```ts
 * const result = await verifyEvidence(await readFile('acme-q1.jsonl', 'utf8'), await readFile('acme-q1.manifest.json', 'utf8'), trustedKeyHex);
 * result.valid;     // false if anything was changed
 * result.problems;  // e.g. [{ seq: 17, kind: 'hash_mismatch', message: '…' }]
 * ```
 */
export async function verifyEvidence(jsonl: string, manifest: EvidenceManifest | string, publicKey: Uint8Array | string): Promise<EvidenceVerification> {
  if (typeof jsonl !== 'string') throw new GatehouseTypeError('The "jsonl" argument must be the text of the JSON Lines file.');
  const key = publicKeyBytes(publicKey);
  const parsed = parseManifest(manifest);
  const lines = linesOf(jsonl);
  if (typeof parsed === 'string') {
    return { valid: false, orgId: null, count: lines.length, firstSeq: null, lastSeq: null, problems: [{ seq: null, kind: 'malformed', message: parsed }] };
  }
  const problems: EvidenceProblem[] = [];
  const add = (seq: number | null, kind: EvidenceProblemKind, message: string) => {
    if (problems.length < 100) problems.push({ seq, kind, message });
  };

  if (Buffer.from(key).toString('hex') !== parsed.public_key) add(null, 'signature', 'The manifest was signed with a different key than the one you trust.');
  const signature = fromHex(parsed.signature)!;
  if (!(await verifySignature(signature, manifestSigningBytes(parsed), key))) {
    add(null, 'signature', 'The manifest signature does not verify under the trusted public key: the manifest was changed, or signed by someone else.');
  }
  if (createHash('sha256').update(jsonl).digest('hex') !== parsed.jsonl_sha256) {
    add(null, 'file_digest', 'The SHA-256 of the JSON Lines file differs from the manifest: the file was changed after export.');
  }

  const firstSeq = parsed.range.first_seq;
  const verifier = new ChainVerifier(parsed.org_id, { seq: firstSeq === null ? 0 : firstSeq - 1, hash: parsed.prev_hash === null ? null : fromHex(parsed.prev_hash)! });
  let firstHashSeen: string | null = null;
  for (const [i, line] of lines.entries()) {
    const record = lineToRecord(line);
    if (typeof record === 'string') {
      add(null, 'malformed', `line ${i + 1}: ${record}.`);
      continue;
    }
    firstHashSeen ??= Buffer.from(record.hash).toString('hex');
    verifier.add(record);
  }
  for (const p of verifier.problems) add(p.seq, p.kind, p.message);
  if (lines.length !== parsed.count) add(null, 'count_mismatch', `The file has ${lines.length} records; the manifest says ${parsed.count}.`);
  if (firstHashSeen !== parsed.first_hash) add(null, 'head_mismatch', 'The first record is not the one the manifest names: records at the start were removed or replaced.');
  if (parsed.range.last_seq !== null || lines.length > 0) {
    const endProblems = verifier.problems.length;
    verifier.expectEnd(parsed.range.last_seq ?? 0, parsed.last_hash === null ? null : fromHex(parsed.last_hash)!, 'The manifest');
    for (const p of verifier.problems.slice(endProblems)) add(p.seq, p.kind, p.message);
  }
  return {
    valid: problems.length === 0,
    orgId: parsed.org_id,
    count: lines.length,
    firstSeq: verifier.firstSeq,
    lastSeq: lines.length === 0 ? null : verifier.lastSeq,
    problems,
  };
}
