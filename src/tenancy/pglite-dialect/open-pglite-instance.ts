/**
 * Creates a PGlite instance on disk (creating the directory) or in memory. Shared by the
 * in-thread store and the worker thread host, so both open the database the same way.
 */
import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';

export async function openPGliteInstance(dataDir: string | 'memory'): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir === 'memory') return PGlite.create();
  await mkdir(dataDir, { recursive: true });
  return PGlite.create(dataDir);
}
