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

/**
 * The canonical bytes a record's hash is taken over. The JSON fields may be passed in already
 * encoded (the writer needs the same text for its INSERT), to encode them only once.
 */
export function encodeForHash(
  record: Omit<HashedFields, 'seq' | 'prevHash'>,
  seq: number,
  prevHash: Uint8Array | null,
  policiesJson = canonicalJson(record.evaluatedPolicies),
  countsJson = canonicalJson(record.findingCounts),
): Buffer {
  const fields: Field[] = [
    record.orgId, String(seq), record.decisionId, record.clientId, record.userDigest, record.stage, record.verdict,
    policiesJson, countsJson, record.inputDigest, record.textDigest, record.createdAt.toISOString(), String(record.durationUs),
    record.traceId, record.policySetVersion, prevHash,
  ];
  // One allocation: sizes first, then every field written in place.
  let size = Buffer.byteLength(VERSION_TAG);
  for (const field of fields) size += field === null ? 1 : 5 + (typeof field === 'string' ? Buffer.byteLength(field, 'utf8') : field.byteLength);
  const out = Buffer.allocUnsafe(size);
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
  return out;
}

/** {@link hashRecord} for a record placed at `seq` after `prevHash`, with its JSON fields already encoded. */
export function hashEncodedRecord(record: Omit<HashedFields, 'seq' | 'prevHash'>, seq: number, prevHash: Uint8Array | null, policiesJson: string, countsJson: string): Uint8Array {
  const digest = sha256(encodeForHash(record, seq, prevHash, policiesJson, countsJson));
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
