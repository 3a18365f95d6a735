/**
 * Finds and starts the audit thread's worker script (audit-thread-worker). From source (vitest,
 * tsx) it is a .ts file, loaded through tsx registered inside the worker (a loader registered on
 * the main thread is not inherited); tsx is a development dependency, so only source checkouts
 * take that path. In the built package it is dist/audit/audit-thread-worker.js (.cjs from the
 * CommonJS build): tsup may put the code that starts it in dist/audit/, in a shared chunk at
 * dist/'s root, or in an entry's own folder, so the candidates are tried in that order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { AuditThreadInit } from './audit-thread-protocol.js';
import { AuditUnavailableError } from './audit-thread-errors.js';

const NAME = 'audit-thread-worker';

/** The worker script next to this module's code, as source or as built. */
export function auditThreadScript(from: string = import.meta.url): URL {
  const extension = /\.(ts|mts|js|mjs|cjs)$/.exec(new URL(from).pathname)?.[1] ?? 'js';
  const candidates = [`./${NAME}.${extension}`, `./audit/${NAME}.${extension}`, `../audit/${NAME}.${extension}`].map((path) => new URL(path, from));
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (found === undefined) {
    throw new AuditUnavailableError(`its script ${NAME}.${extension} was not found next to ${fileURLToPath(from)} (looked in ${candidates.map((c) => fileURLToPath(c)).join(', ')}); reinstall the package`);
  }
  return found;
}

/** tsx's ESM API, resolved from this module (not the working directory) through tsx's package.json exports. */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
}

/** Starts the worker with `init` as its workerData, transferring `transferList` (the store handle's port). */
export function spawnAuditThread(init: AuditThreadInit, transferList: readonly TransferListItem[] = []): Worker {
  const script = auditThreadScript();
  const options = { workerData: init, transferList: [...transferList], name: 'gatehouse-audit' };
  if (!/\.m?ts$/.test(script.pathname)) return new Worker(script, options);
  const code = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); })`;
  return new Worker(code, { ...options, eval: true });
}
