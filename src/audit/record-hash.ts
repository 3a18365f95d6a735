/**
 * The hash that chains an org's records: SHA-256 over a canonical encoding of the record's
 * fields and the previous record's hash.
 *
 * Encoding: a version tag, then each field in a fixed order as a one-byte kind (0 null,
 * 1 UTF-8 text, 2 bytes) and, unless null, a 4-byte big-endian length and the bytes. Length
 * prefixes make the encoding unambiguous: no two different records encode the same.
 *
 * The user id and the redacted text are covered through their keyed digests (`userDigest`,
 * `textDigest`), so erasing them leaves every hash intact.
 */
import * as nodeCrypto from 'node:crypto';
import type { AuditRecord } from './audit-record.js';
import { canonicalJson } from './canonical-json.js';

/** The fields a record's hash covers. */
export type HashedFields = Pick<
  AuditRecord,
  | 'orgId' | 'decisionId' | 'clientId' | 'userDigest' | 'stage' | 'verdict' | 'evaluatedPolicies' | 'findingCounts'
  | 'inputDigest' | 'textDigest' | 'createdAt' | 'durationUs' | 'traceId' | 'policySetVersion'
> & { seq: number; prevHash: Uint8Array | null };

const VERSION_TAG = 'gatehouse.audit.record.v1\n';
const KIND_NULL = 0;
const KIND_TEXT = 1;
const KIND_BYTES = 2;

type Field = string | Uint8Array | null;

// crypto.hash() (Node 20.12+) skips creating a Hash object: about twice as fast for small inputs.
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer }).hash;
const sha256 = (data: Buffer): Buffer => (oneShot ? oneShot('sha256', data, 'buffer') : nodeCrypto.createHash('sha256').update(data).digest());

/** Where records are encoded before hashing: reused, since hashing is synchronous. */
let scratch = Buffer.allocUnsafe(16 * 1024);
/** A record larger than this gets a buffer of its own rather than growing the shared one. */
const MAX_SCRATCH_BYTES = 256 * 1024;

function fieldsOf(
  record: Omit<HashedFields, 'seq' | 'prevHash'>, seq: number, prevHash: Uint8Array | null, policiesJson: string, countsJson: string, createdAt: string,
): Field[] {
  return [
    record.orgId, String(seq), record.decisionId, record.clientId, record.userDigest, record.stage, record.verdict,
    policiesJson, countsJson, record.inputDigest, record.textDigest, createdAt, String(record.durationUs),
    record.traceId, record.policySetVersion, prevHash,
  ];
}

/** Encodes `fields` into a buffer at least large enough (UTF-8 takes at most 3 bytes per UTF-16 unit); returns it and the length. */
function encodeFields(fields: readonly Field[]): { out: Buffer; length: number } {
  let bound = VERSION_TAG.length;
  for (const field of fields) bound += field === null ? 1 : 5 + (typeof field === 'string' ? field.length * 3 : field.byteLength);
  let out = scratch;
  if (bound > out.byteLength) {
    out = Buffer.allocUnsafe(bound);
    if (bound <= MAX_SCRATCH_BYTES) scratch = out;
  }
  let at = out.write(VERSION_TAG, 0, 'latin1');
  for (const field of fields) {
    if (field === null) {
      out[at++] = KIND_NULL;
    } else if (typeof field === 'string') {
      out[at] = KIND_TEXT;
      const length = out.write(field, at + 5, 'utf8');
      out.writeUInt32BE(length, at + 1);
      at += 5 + length;
    } else {
      out[at] = KIND_BYTES;
      out.writeUInt32BE(field.byteLength, at + 1);
      out.set(field, at + 5);
      at += 5 + field.byteLength;
    }
  }
  return { out, length: at };
}

/**
 * {@link hashRecord} for a record placed at `seq` after `prevHash`, with its JSON fields (and
 * optionally `createdAt` as ISO 8601) already encoded.
 */
export function hashEncodedRecord(
  record: Omit<HashedFields, 'seq' | 'prevHash'>,
  seq: number,
  prevHash: Uint8Array | null,
  policiesJson: string,
  countsJson: string,
  createdAt = record.createdAt.toISOString(),
): Uint8Array {
  const { out, length } = encodeFields(fieldsOf(record, seq, prevHash, policiesJson, countsJson, createdAt));
  const digest = sha256(out.subarray(0, length));
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/**
 * SHA-256 of the record's canonical encoding, previous hash included.
 *
 * @example
 * ```ts
 * const hash = hashRecord({ ...record, seq: 1, prevHash: null });   // 32 bytes
 * ```
 */
export function hashRecord(record: HashedFields): Uint8Array {
  return hashEncodedRecord(record, record.seq, record.prevHash, canonicalJson(record.evaluatedPolicies), canonicalJson(record.findingCounts));
}
