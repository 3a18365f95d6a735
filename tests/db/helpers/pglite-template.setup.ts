/**
 * vitest globalSetup of the `pglite` project. `PGlite.create()` runs initdb, which takes
 * seconds; loading a dump of a freshly initialised data directory takes about one. The dump is
 * made once per PGlite version and kept under node_modules/.cache, and each test file's
 * instance is loaded from it (see test-store.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const manifest = join(project.config.root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  const dir = join(project.config.root, 'node_modules', '.cache', 'gatehouse-tests');
  const file = join(dir, `pglite-${version}-initdb.tar`);
  if (!existsSync(file)) {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create();
    const dump = await db.dumpDataDir('none');
    await db.close();
    await mkdir(dir, { recursive: true });
    // Write then rename, so a parallel run never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file);
  }
  project.provide('pgliteTemplate', file);
}
