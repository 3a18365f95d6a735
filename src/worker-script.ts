/**
 * Starting one of Gatehouse's own worker threads (the PGlite host, the audit writer), from
 * source or from the built package:
 *
 * - Source (`.ts`, under tsx or vitest): a thread does not inherit its parent's TypeScript
 *   loader, so it registers tsx (a devDependency) before importing the script, which sits next
 *   to the module that starts it.
 * - Built (tsup, one entry per script, e.g. `dist/audit/audit-thread-worker.js`): code splitting
 *   may put the starting code in a chunk at dist/'s root, in the script's folder or in another
 *   entry's folder, so the script is looked for beside it, in `<folder>/` below it and in
 *   `../<folder>/`, with the starting module's own extension (.js, .mjs or .cjs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A worker script: its file name without extension, and its folder under dist/. */
export interface WorkerScript {
  readonly name: string;
  readonly folder: string;
}

/** Makes the caller's typed error from what went wrong (a sentence without advice) and its cause. */
export type WorkerScriptFailure = (problem: string, cause?: unknown) => Error;

const SOURCE = /\.m?ts$/;

/** Where the built script may be, relative to the module at `moduleUrl`, most likely first. */
export function builtScriptCandidates(script: WorkerScript, moduleUrl: string): URL[] {
  const extension = /\.(mjs|cjs|js)$/.exec(new URL(moduleUrl).pathname)?.[1] ?? 'js';
  return [`./${script.name}`, `./${script.folder}/${script.name}`, `../${script.folder}/${script.name}`].map((path) => new URL(`${path}.${extension}`, moduleUrl));
}

/**
 * The script started by the module at `moduleUrl`: the `.ts` beside it from source, else the
 * first built candidate that exists.
 *
 * @throws what `fail` makes, when no candidate exists.
 * @example
 * ```ts
 * locateWorkerScript({ name: 'audit-thread-worker', folder: 'audit' }, 'file:///app/dist/chunk-X.js', (p) => new Error(p));
 * // file:///app/dist/audit/audit-thread-worker.js, if it exists
 * ```
 */
export function locateWorkerScript(script: WorkerScript, moduleUrl: string, fail: WorkerScriptFailure): URL {
  if (moduleUrl.startsWith('file:') && SOURCE.test(moduleUrl)) return new URL(`./${script.name}.ts`, moduleUrl);
  const candidates = moduleUrl.startsWith('file:') ? builtScriptCandidates(script, moduleUrl) : [];
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (found !== undefined) return found;
  const file = candidates[0] === undefined ? script.name : candidates[0].pathname.slice(candidates[0].pathname.lastIndexOf('/') + 1);
  const looked = candidates.length === 0 ? `the module that starts it is not a file (${moduleUrl})` : `looked in ${candidates.map((url) => fileURLToPath(url)).join(', ')}`;
  throw fail(`its script ${file} was not found (${looked})`);
}

/** tsx's ESM API module, resolved from `moduleUrl` through tsx's package.json exports (require.resolve would give the CommonJS one). */
export function tsxEsmApi(moduleUrl: string): string {
  const manifest = createRequire(moduleUrl).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
}

/**
 * Starts `script` (see {@link locateWorkerScript}) in a new worker thread with `options`.
 *
 * @throws what `fail` makes, when the script is missing, or tsx is missing from a source checkout.
 * @example
 * ```ts
 * const worker = startWorkerScript({ name: 'pglite-thread-host', folder: 'tenancy' }, import.meta.url, { workerData }, (p, cause) => new StoreUnavailableError(target, p, { cause }));
 * ```
 */
export function startWorkerScript(script: WorkerScript, moduleUrl: string, options: WorkerOptions, fail: WorkerScriptFailure): Worker {
  const url = locateWorkerScript(script, moduleUrl, fail);
  if (!SOURCE.test(url.pathname)) return new Worker(url, options);
  let tsx: string;
  try {
    tsx = tsxEsmApi(moduleUrl);
  } catch (error) {
    throw fail('running from TypeScript source, the worker thread needs tsx to load its .ts entry: install tsx (a devDependency), or run the built package', error);
  }
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`, { ...options, eval: true });
}
