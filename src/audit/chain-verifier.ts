/**
 * Checks records one at a time, in seq order, against the chain rules. Shared by
 * `verifyChain()` (rows from the store) and `verifyEvidence()` (lines of an export), so both
 * apply exactly the same rules.
 */
import type { AuditKeys } from './audit-keys.js';
import { bytesEqual, toHex } from './bytes.js';
import { hashRecord } from './record-hash.js';
import type { StoredAuditRecord } from './stored-record.js';

export type ChainProblemKind =
  | 'gap' // records missing: seq jumps
  | 'out_of_order' // seq goes backwards or repeats
  | 'prev_hash_mismatch' // the record does not commit to the one before it
  | 'hash_mismatch' // the record's fields were changed after it was written
  | 'wrong_org'
  | 'digest_mismatch' // a user id or redacted text does not match its digest (needs the audit secret)
  | 'head_mismatch' // the chain ends before or after where its head says
  | 'beyond_head'; // rows after the head that no writer put there

export interface ChainProblem {
  /** The seq of the record where the problem shows; null when it concerns the chain as a whole. */
  readonly seq: number | null;
  readonly kind: ChainProblemKind;
  readonly message: string;
}

const MAX_PROBLEMS = 100;

function hex(bytes: Uint8Array | null): string {
  return toHex(bytes) ?? 'null';
}

export class ChainVerifier {
  readonly problems: ChainProblem[] = [];
  #orgId: string;
  #keys: AuditKeys | undefined;
  #lastSeq: number;
  #lastHash: Uint8Array | null;
  #checked = 0;
  #firstSeq: number | null = null;
  #truncated = false;

  /** Starts after `start`: the retention anchor (seq 0 and null hash for an unpurged chain). */
  constructor(orgId: string, start: { seq: number; hash: Uint8Array | null }, keys?: AuditKeys) {
    this.#orgId = orgId;
    this.#keys = keys;
    this.#lastSeq = start.seq;
    this.#lastHash = start.hash;
  }

  get checked(): number {
    return this.#checked;
  }
  get firstSeq(): number | null {
    return this.#firstSeq;
  }
  get lastSeq(): number {
    return this.#lastSeq;
  }
  get lastHash(): Uint8Array | null {
    return this.#lastHash;
  }
  get truncated(): boolean {
    return this.#truncated;
  }

  problem(seq: number | null, kind: ChainProblemKind, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ seq, kind, message });
    else this.#truncated = true;
  }

  add(record: StoredAuditRecord): void {
    this.#checked++;
    this.#firstSeq ??= record.seq;
    const expected = this.#lastSeq + 1;
    if (record.orgId !== this.#orgId) this.problem(record.seq, 'wrong_org', `seq ${record.seq} belongs to org ${JSON.stringify(record.orgId)}, not ${JSON.stringify(this.#orgId)}.`);
    if (record.seq > expected) {
      this.problem(record.seq, 'gap', `seq ${expected}${record.seq - 1 > expected ? `..${record.seq - 1}` : ''} missing: records were deleted.`);
    } else if (record.seq < expected) {
      this.problem(record.seq, 'out_of_order', `seq ${record.seq} comes after seq ${this.#lastSeq}: records were reordered or duplicated.`);
    } else if (!bytesEqual(record.prevHash, this.#lastHash)) {
      this.problem(record.seq, 'prev_hash_mismatch', `seq ${record.seq} commits to previous hash ${hex(record.prevHash)}, but the record before it hashes to ${hex(this.#lastHash)}.`);
    }
    if (!bytesEqual(hashRecord(record), record.hash)) {
      this.problem(record.seq, 'hash_mismatch', `seq ${record.seq} does not match its hash: a field was changed after it was written.`);
    }
    if (this.#keys !== undefined) this.#checkDigests(record, this.#keys);
    this.#lastSeq = record.seq;
    this.#lastHash = record.hash;
  }

  #checkDigests(record: StoredAuditRecord, keys: AuditKeys): void {
    if (record.userId !== null && (record.userDigest === null || !bytesEqual(keys.digest(record.orgId, 'user', record.userId), record.userDigest))) {
      this.problem(record.seq, 'digest_mismatch', `seq ${record.seq}: user_id does not match user_digest.`);
    }
    if (record.redactedText !== null && (record.textDigest === null || !bytesEqual(keys.digest(record.orgId, 'text', record.redactedText), record.textDigest))) {
      this.problem(record.seq, 'digest_mismatch', `seq ${record.seq}: redacted_text does not match text_digest.`);
    }
  }

  /** Checks that the chain ended where its head (or an export's manifest) says it ends. */
  expectEnd(seq: number, hash: Uint8Array | null, what: string): void {
    if (seq !== this.#lastSeq) {
      this.problem(null, 'head_mismatch', `${what} says the chain ends at seq ${seq}, but the last record is seq ${this.#lastSeq}${seq > this.#lastSeq ? ': records at the end were deleted' : ''}.`);
    } else if (!bytesEqual(hash, this.#lastHash)) {
      this.problem(null, 'head_mismatch', `${what} says the last hash is ${hex(hash)}, but the last record hashes to ${hex(this.#lastHash)}.`);
    }
  }
}
