/**
 * Finds and starts the audit thread's worker script (audit-thread-worker; built, the tsup entry
 * `audit/audit-thread-worker`), from source or from the built package: see src/worker-script.ts.
 */
import type { TransferListItem, Worker } from 'node:worker_threads';
import { locateWorkerScript, startWorkerScript, type WorkerScriptFailure } from '../worker-script.js';
import type { AuditThreadInit } from './audit-thread-protocol.js';
import { AuditUnavailableError } from './audit-thread-errors.js';

const SCRIPT = { name: 'audit-thread-worker', folder: 'audit' };

const unavailable: WorkerScriptFailure = (problem, cause) =>
  new AuditUnavailableError(`${problem}; reinstall the package`, cause === undefined ? undefined : { cause });

/** The worker script started by the module at `from` (this one by default), as source or as built. */
export function auditThreadScript(from: string = import.meta.url): URL {
  return locateWorkerScript(SCRIPT, from, unavailable);
}

/** Starts the worker with `init` as its workerData, transferring `transferList` (the store handle's port). */
export function spawnAuditThread(init: AuditThreadInit, transferList: readonly TransferListItem[] = []): Worker {
  return startWorkerScript(SCRIPT, import.meta.url, { workerData: init, transferList: [...transferList], name: 'gatehouse-audit' }, unavailable);
}
