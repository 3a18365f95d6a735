/**
 * The manifest of an evidence export: which org, which part of its chain, how many records,
 * the first and last hash, a SHA-256 of the JSON Lines file, and an Ed25519 signature over all
 * of it. The signature covers the canonical JSON of every field but `signature`.
 */
import { canonicalJson } from './canonical-json.js';

export const EVIDENCE_FORMAT = 'gatehouse.audit.evidence/v1';

export interface EvidenceManifest {
  readonly format: typeof EVIDENCE_FORMAT;
  readonly org_id: string;
  /** The time range asked for (null: open), and the seq range exported (null: no records). */
  readonly range: { readonly from: string | null; readonly to: string | null; readonly first_seq: number | null; readonly last_seq: number | null };
  readonly count: number;
  /** The hash the first record commits to: null at the start of the chain. */
  readonly prev_hash: string | null;
  readonly first_hash: string | null;
  readonly last_hash: string | null;
  /** SHA-256 (hex) of the JSON Lines file, byte for byte. */
  readonly jsonl_sha256: string;
  readonly created_at: string;
  /** Hex Ed25519 public key of the signer. Informational: verify against a key you trust. */
  readonly public_key: string;
  /** Hex Ed25519 signature. */
  readonly signature: string;
}

export type UnsignedManifest = Omit<EvidenceManifest, 'signature'>;

const SIGNING_CONTEXT = 'gatehouse.audit.evidence.manifest.v1\n';

/** The bytes the signature is over. */
export function manifestSigningBytes(manifest: UnsignedManifest): Uint8Array {
  const { signature: _ignored, ...unsigned } = manifest as EvidenceManifest;
  return new TextEncoder().encode(SIGNING_CONTEXT + canonicalJson(unsigned));
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;

function hashOrNull(v: unknown): boolean {
  return v === null || (typeof v === 'string' && HEX64.test(v));
}
function seqOrNull(v: unknown): boolean {
  return v === null || (Number.isSafeInteger(v) && (v as number) >= 1);
}
function timeOrNull(v: unknown): boolean {
  return v === null || (typeof v === 'string' && !Number.isNaN(new Date(v).getTime()));
}

/** The manifest, or a message saying which field is malformed. */
export function parseManifest(input: unknown): EvidenceManifest | string {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return 'the manifest is not valid JSON';
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the manifest is not a JSON object';
  const m = value as Record<string, unknown>;
  const range = m.range as Record<string, unknown> | null | undefined;
  const checks: [boolean, string][] = [
    [m.format === EVIDENCE_FORMAT, `format must be "${EVIDENCE_FORMAT}"`],
    [typeof m.org_id === 'string' && m.org_id.length > 0, 'org_id must be a string'],
    [typeof range === 'object' && range !== null && timeOrNull(range.from) && timeOrNull(range.to) && seqOrNull(range.first_seq) && seqOrNull(range.last_seq), 'range must hold from, to, first_seq and last_seq'],
    [Number.isSafeInteger(m.count) && (m.count as number) >= 0, 'count must be a non-negative integer'],
    [hashOrNull(m.prev_hash) && hashOrNull(m.first_hash) && hashOrNull(m.last_hash), 'prev_hash, first_hash and last_hash must be 64 hex digits or null'],
    [typeof m.jsonl_sha256 === 'string' && HEX64.test(m.jsonl_sha256), 'jsonl_sha256 must be 64 hex digits'],
    [timeOrNull(m.created_at) && m.created_at !== null, 'created_at must be an ISO 8601 time'],
    [typeof m.public_key === 'string' && HEX64.test(m.public_key), 'public_key must be 64 hex digits'],
    [typeof m.signature === 'string' && HEX128.test(m.signature), 'signature must be 128 hex digits'],
  ];
  const failed = checks.find(([ok]) => !ok);
  return failed === undefined ? (m as unknown as EvidenceManifest) : `the manifest is malformed: ${failed[1]}`;
}
