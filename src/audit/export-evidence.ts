/**
 * Evidence export: an unbroken stretch of an org's chain as JSON Lines, with a signed manifest.
 * An auditor re-verifies it offline with `verifyEvidence()` or `npx gatehouse evidence verify`,
 * without access to the database.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { GatehouseTypeError, InvalidOptionError } from '../errors.js';
import { quoteIdentifier } from '../tenancy/identifiers.js';
import { assertOrgId } from '../tenancy/org-id.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { withTenant } from '../tenancy/with-tenant.js';
import { auditTrx, toNumber } from './audit-database.js';
import { toHex } from './bytes.js';
import { recordToLine } from './evidence-line.js';
import { EVIDENCE_FORMAT, manifestSigningBytes, type EvidenceManifest, type UnsignedManifest } from './evidence-manifest.js';
import { publicKeyOf, sign, signingKeyBytes, type EvidenceSigningKey } from './evidence-signature.js';
import { RECORD_COLUMNS, rowToRecord } from './stored-record.js';

export interface ExportEvidenceOptions {
  /** The 32-byte Ed25519 secret key the manifest is signed with (or a `Secret` holding it). */
  signingKey: EvidenceSigningKey;
  /** Records at or after this time. Default: the start of the chain (after any purge). */
  from?: Date | string;
  /** Records before this time. Default: the head. */
  to?: Date | string;
  /** Records read per query. Default 1000. */
  pageSize?: number;
}

export interface EvidenceExport {
  /** One record per line, each line ending in `\n`. */
  readonly jsonl: string;
  readonly manifest: EvidenceManifest;
}

function instant(value: unknown, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw new InvalidOptionError(`options.${name} must be a Date or an ISO 8601 date-time.`);
  return date;
}

/**
 * Exports the org's records between `from` and `to` with a signed manifest. The export is the
 * contiguous seq range from the first record in the time range to the last one, so that the
 * chain can be recomputed over it: a record whose timestamp lies outside the range but whose
 * seq falls inside it is included.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * const { jsonl, manifest } = await exportEvidence(store, 'acme', { signingKey, from: '2025-01-01', to: '2025-04-01' });
 * await writeFile('acme-q1.jsonl', jsonl);
 * await writeFile('acme-q1.manifest.json', JSON.stringify(manifest, null, 2));
 * // later, anywhere:  npx gatehouse evidence verify acme-q1.jsonl --public-key <hex>
 * ```
 */
export async function exportEvidence(store: GatehouseStore, orgId: string, options: ExportEvidenceOptions): Promise<EvidenceExport> {
  assertOrgId(orgId);
  if (typeof options !== 'object' || options === null) throw new GatehouseTypeError('exportEvidence(store, orgId, options): options must be an object with signingKey.');
  const secretKey = signingKeyBytes(options.signingKey);
  const from = instant(options.from, 'from');
  const to = instant(options.to, 'to');
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) throw new InvalidOptionError('options.pageSize must be an integer from 1 to 10000.');
  const schema = sql.raw(quoteIdentifier(store.schema));
  const fromIso = from?.toISOString() ?? null;
  const toIso = to?.toISOString() ?? null;

  // The seq range: first and last record in the time range, never past the head as it is now.
  const bounds = await withTenant(store, orgId, async (trx) => {
    const { rows } = await sql<{ first: number | bigint | null; last: number | bigint | null }>`
      select min(d.seq) as first, max(d.seq) as last from ${schema}.decisions d
       where d.seq <= coalesce((select last_seq from ${schema}.audit_chains), 0)
         and (${fromIso}::timestamptz is null or d.created_at >= ${fromIso}::timestamptz)
         and (${toIso}::timestamptz is null or d.created_at < ${toIso}::timestamptz)`.execute(trx);
    return rows[0];
  });
  const firstSeq = bounds?.first == null ? null : toNumber(bounds.first);
  const lastSeq = bounds?.last == null ? null : toNumber(bounds.last);

  const lines: string[] = [];
  const hasher = createHash('sha256');
  let prevHash: string | null = null;
  let firstHash: string | null = null;
  let lastHash: string | null = null;
  if (firstSeq !== null && lastSeq !== null) {
    let after = firstSeq - 1;
    while (after < lastSeq) {
      const rows = await withTenant(store, orgId, (trx) =>
        auditTrx(trx).selectFrom('decisions').select(RECORD_COLUMNS).where('seq', '>', after).where('seq', '<=', lastSeq).orderBy('seq').limit(pageSize).execute(),
      );
      if (rows.length === 0) break; // purged meanwhile; the manifest says what was exported
      for (const row of rows) {
        const record = rowToRecord(row);
        if (lines.length === 0) {
          prevHash = toHex(record.prevHash);
          firstHash = toHex(record.hash);
        }
        lastHash = toHex(record.hash);
        const line = `${recordToLine(record)}\n`;
        hasher.update(line);
        lines.push(line);
      }
      after = toNumber(rows[rows.length - 1]!.seq);
    }
  }
  const jsonl = lines.join('');
  const publicKey = await publicKeyOf(secretKey);
  const exportedFirst = lines.length === 0 ? null : (JSON.parse(lines[0]!) as { seq: number }).seq;
  const exportedLast = lines.length === 0 ? null : (JSON.parse(lines[lines.length - 1]!) as { seq: number }).seq;
  const unsigned: UnsignedManifest = {
    format: EVIDENCE_FORMAT,
    org_id: orgId,
    range: { from: fromIso, to: toIso, first_seq: exportedFirst, last_seq: exportedLast },
    count: lines.length,
    prev_hash: prevHash,
    first_hash: firstHash,
    last_hash: lastHash,
    jsonl_sha256: hasher.digest('hex'),
    created_at: new Date().toISOString(),
    public_key: toHex(publicKey),
  };
  const signature = await sign(manifestSigningBytes(unsigned), secretKey);
  return { jsonl, manifest: { ...unsigned, signature: toHex(signature) } };
}
