/**
 * Starts the worker thread that runs pglite-thread-host (built, the tsup entry
 * `tenancy/pglite-thread-host`), from source or from the built package: see src/worker-script.ts.
 */
import type { Worker } from 'node:worker_threads';
import { builtScriptCandidates, startWorkerScript } from '../../worker-script.js';
import { StoreUnavailableError } from '../errors.js';
import type { PGliteThreadData } from './pglite-thread-protocol.js';

const HOST = { name: 'pglite-thread-host', folder: 'tenancy' };

/** Where the built host may be, relative to the module at `moduleUrl`, most likely first. */
export function builtHostCandidates(moduleUrl: string): URL[] {
  return builtScriptCandidates(HOST, moduleUrl);
}

/** A new worker running the PGlite host. `target` names the database in errors. */
export function startPGliteThread(workerData: PGliteThreadData, target: string, moduleUrl: string = import.meta.url): Worker {
  return startWorkerScript(HOST, moduleUrl, { workerData }, (problem, cause) =>
    new StoreUnavailableError(target, `the PGlite worker thread cannot start: ${problem}. If a bundler moved Gatehouse's files, open the store without options.thread.`, cause === undefined ? undefined : { cause }));
}
