/**
 * `gatehouse/audit`: the tamper-evident audit trail. Each decision becomes a record (finding
 * counts and keyed digests, never raw values) in its org's SHA-256 hash chain, written in
 * batches through row-level security; an org can query, verify and export (signed) only its
 * own trail. GDPR erasure and retention keep the chain verifiable.
 *
 * @example
 * ```ts
 * import { migrate, openStore } from 'gatehouse/tenancy';
 * import { createAuditWriter, exportEvidence, queryAuditRecords, verifyChain, verifyEvidence } from 'gatehouse/audit';
 *
 * const store = await openStore({ url: process.env.DATABASE_URL });   // or openStore() for PGlite
 * await migrate(store);
 * const auditSecret = process.env.GATEHOUSE_AUDIT_SECRET!;           // 32+ bytes
 * const audit = await createAuditWriter(store, { auditSecret, overflow: 'fail_closed' });
 *
 * const decision = engine.decide(request);
 * await audit.record(decision, { input: request.text });             // queued in microseconds
 * await audit.flush();
 *
 * const page = await queryAuditRecords(store, 'acme', { verdict: 'deny', limit: 50 });
 * (await verifyChain(store, 'acme', { auditSecret })).valid;         // true
 *
 * const { jsonl, manifest } = await exportEvidence(store, 'acme', { signingKey });
 * (await verifyEvidence(jsonl, manifest, publicKeyHex)).valid;       // true; false after any edit
 * await audit.close();
 * ```
 *
 * @packageDocumentation
 */
export { createAuditWriter, type AuditWriter, type AuditWriterCounters, type RecordOptions } from './audit-writer.js';
export type { AuditWriterOptions, AuditWriterMode, OverflowPolicy } from './writer-options.js';
export { startAuditThread } from './audit-thread.js';
export type { AuditThreadWriterOptions } from './audit-thread-options.js';
export { AuditUnavailableError } from './audit-thread-errors.js';
export { toAuditRecord, type AuditRecord, type ToAuditRecordOptions } from './audit-record.js';
export { createAuditKeys, MIN_AUDIT_SECRET_BYTES, type AuditKeys, type AuditSecret, type DigestPurpose, type SecretBytesSource } from './audit-keys.js';
export { hashRecord, type HashedFields } from './record-hash.js';
export type { StoredAuditRecord } from './stored-record.js';
export type { AuditChainsTable, AuditDatabase, AuditDecisionsTable } from './audit-database.js';
export { verifyChain, type ChainVerification, type VerifyChainOptions } from './verify-chain.js';
export type { ChainProblem, ChainProblemKind } from './chain-verifier.js';
export { queryAuditRecords, type AuditPage, type AuditQuery } from './query-records.js';
export { exportEvidence, type EvidenceExport, type ExportEvidenceOptions } from './export-evidence.js';
export { EVIDENCE_FORMAT, type EvidenceManifest } from './evidence-manifest.js';
export type { EvidenceSigningKey } from './evidence-signature.js';
export { verifyEvidence, type EvidenceProblem, type EvidenceProblemKind, type EvidenceVerification } from './verify-evidence.js';
export { runEvidenceCli, defaultManifestPath, type EvidenceCliIo } from './evidence-cli.js';
export { eraseSubject, ERASURE_STAGE, type EraseSubjectOptions, type ErasureResult } from './erase-subject.js';
export { ERASED_PLACEHOLDER, ERASURE_PLAN, type ErasableTable, type ErasureStep } from './erasure-plan.js';
export {
  apiKeyAuditSink, API_KEY_AUDIT_STAGES,
  type ApiKeyAuditEvent, type ApiKeyAuditChangeEvent, type ApiKeyAuditDeniedEvent, type ApiKeyAuditActor, type ApiKeyAuditSinkOptions, type ApiKeyAuditStage,
} from './api-key-audit-sink.js';
export { ApiKeyAuditError } from './api-key-audit-error.js';
export { purgeExpired, type PurgeOptions, type PurgeResult } from './purge-expired.js';
export { setLegalHold, type LegalHold } from './legal-hold.js';
export {
  AuditChainBrokenError,
  AuditFlushTimeoutError,
  AuditQueueFullError,
  AuditSchemaMissingError,
  AuditWriteError,
  AuditWriterClosedError,
  ErasurePlanIncompleteError,
  InvalidAuditCursorError,
  InvalidAuditRecordError,
} from './errors.js';
