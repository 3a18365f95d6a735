/**
 * The audit store operations the server exposes: an org's records (GET /api/v1/audit) and
 * GDPR erasure (POST /api/v1/gdpr/delete). An interface, so the handler can be mounted without
 * a database; {@link storeAuditRecords} is the one over a Gatehouse store.
 */
import type { AuditKeys, AuditSecret } from '../../audit/audit-keys.js';
import type { ErasureResult } from '../../audit/erase-subject.js';
import type { AuditPage, AuditQuery } from '../../audit/query-records.js';
import type { GatehouseStore } from '../../tenancy/store.js';

export interface AuditRecordsSource {
  /** One page of `orgId`'s records; never another org's. */
  query(orgId: string, query: AuditQuery): Promise<AuditPage>;
  /** Erases a data subject within `orgId`. */
  erase(orgId: string, input: { userId: string; requestRef?: string }): Promise<ErasureResult>;
}

/**
 * {@link AuditRecordsSource} over a store: `queryAuditRecords` (row-level security holds it to
 * the org) and `eraseSubject`. The audit module, and with it Kysely, is loaded on first use.
 *
 * @example
 * ```ts
 * const auditRecords = storeAuditRecords(store, { auditSecret: process.env.GATEHOUSE_AUDIT_SECRET! });
 * createDecisionHandler({ engine, authenticate, auditRecords });
 * ```
 */
export function storeAuditRecords(store: GatehouseStore, options: { auditSecret: AuditSecret | AuditKeys }): AuditRecordsSource {
  return {
    async query(orgId, query) {
      const { queryAuditRecords } = await import('../../audit/query-records.js');
      return queryAuditRecords(store, orgId, query);
    },
    async erase(orgId, input) {
      const { eraseSubject } = await import('../../audit/erase-subject.js');
      return eraseSubject(store, orgId, { userId: input.userId, auditSecret: options.auditSecret, ...(input.requestRef !== undefined ? { requestRef: input.requestRef } : {}) });
    },
  };
}
