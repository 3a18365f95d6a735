/**
 * Loads `createStreamRedactor` as it was at a git commit, next to the working tree's, so that the
 * two can be timed in one process (interleaved, same JIT and heap). The commit's
 * `src/pep/streaming/` files are written to a temporary copy of `src/` whose every other entry is
 * a symbolic link to the working tree's, so both versions share the engine and the error classes.
 * Git is only read (`ls-tree`, `show`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { createStreamRedactor } from '../../src/pep/streaming/index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const STREAMING = 'src/pep/streaming';

const git = (...args: string[]): string => execFileSync('git', args, { cwd: REPO, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });

/** Links every entry of `from` into `to`, except `except`. */
function linkAllBut(from: string, to: string, except: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) if (name !== except) symlinkSync(join(from, name), join(to, name));
}

export interface Baseline {
  createStreamRedactor: typeof createStreamRedactor;
  /** Removes the temporary copy. */
  dispose(): void;
}

/** `createStreamRedactor` of `ref` (a commit, branch or tag). */
export async function loadBaseline(ref: string): Promise<Baseline> {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-stream-baseline-'));
  const src = join(root, 'src');
  linkAllBut(join(REPO, 'src'), src, 'pep');
  linkAllBut(join(REPO, 'src/pep'), join(src, 'pep'), 'streaming');
  mkdirSync(join(root, STREAMING));
  for (const path of git('ls-tree', '--name-only', `${ref}:${STREAMING}`).split('\n').filter(Boolean)) {
    writeFileSync(join(root, STREAMING, path), git('show', `${ref}:${STREAMING}/${path}`));
  }
  const module = (await import(pathToFileURL(join(root, STREAMING, 'index.ts')).href)) as { createStreamRedactor: typeof createStreamRedactor };
  return { createStreamRedactor: module.createStreamRedactor, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
