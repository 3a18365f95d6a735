/**
 * Starts the worker thread that runs pglite-thread-host, from source or from the built package.
 *
 * - Source (`.ts`, under tsx or vitest): the thread does not inherit the parent's TypeScript
 *   loader, so it registers tsx (a devDependency) before importing the host.
 * - Built (tsup, entry `tenancy/pglite-thread-host`): code splitting may have put this module in
 *   a chunk at the root of dist/ or in dist/tenancy/, so the host is looked for in both places
 *   (and in a sibling folder of dist/), with this module's own extension (.js or .cjs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../errors.js';
import type { PGliteThreadData } from './pglite-thread-protocol.js';

const HOST = 'pglite-thread-host';

/** Where the built host may be, relative to the module at `moduleUrl`, most likely first. */
export function builtHostCandidates(moduleUrl: string): URL[] {
  const extension = moduleUrl.endsWith('.cjs') ? '.cjs' : '.js';
  return [`./${HOST}`, `./tenancy/${HOST}`, `../tenancy/${HOST}`].map((path) => new URL(`${path}${extension}`, moduleUrl));
}

/** tsx's ESM API module, from its package.json exports (require.resolve would give the CJS one). */
export function tsxEsmApi(moduleUrl: string): string {
  const manifest = createRequire(moduleUrl).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
}

function sourceWorker(moduleUrl: string, workerData: PGliteThreadData, target: string): Worker {
  const host = new URL(`./${HOST}.ts`, moduleUrl).href;
  let tsx: string;
  try {
    tsx = tsxEsmApi(moduleUrl);
  } catch (error) {
    throw new StoreUnavailableError(target, 'running from TypeScript source, the PGlite worker thread needs tsx to load its .ts entry. Install tsx (a devDependency), or run the built package.', { cause: error });
  }
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(host)}); })`;
  return new Worker(code, { eval: true, workerData });
}

/** A new worker running the PGlite host. `target` names the database in errors. */
export function startPGliteThread(workerData: PGliteThreadData, target: string, moduleUrl: string = import.meta.url): Worker {
  if (moduleUrl.startsWith('file:') && moduleUrl.endsWith('.ts')) return sourceWorker(moduleUrl, workerData, target);
  const candidates = moduleUrl.startsWith('file:') ? builtHostCandidates(moduleUrl) : [];
  const host = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (host === undefined) {
    const looked = candidates.length === 0 ? `this module is not a file (${moduleUrl})` : `looked for ${candidates.map((url) => fileURLToPath(url)).join(', ')}`;
    throw new StoreUnavailableError(target, `cannot find the PGlite worker thread entry (${looked}). If a bundler moved Gatehouse's files, open the store without options.thread.`);
  }
  return new Worker(host, { workerData });
}
