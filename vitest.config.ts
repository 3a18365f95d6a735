import { defineConfig } from 'vitest/config';

/**
 * Projects:
 * - `unit`: everything except the database suites;
 * - `pglite`: the database suites (tests/db) on embedded PGlite, always;
 * - `postgres`: the same suites on real PostgreSQL, when DATABASE_URL is set.
 *
 * Database suites read the backend from GATEHOUSE_TEST_BACKEND (tests/db/helpers/test-store.ts).
 * Each suite file gets its own schema, so files run in parallel on one PostgreSQL.
 */
const DB_SUITES = 'tests/db/**/*.test.ts';

const dbProject = (name: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name,
    include: [DB_SUITES],
    env: { GATEHOUSE_TEST_BACKEND: name },
    // Files of the pglite project share their worker's PGlite instance (it takes a second or more
    // to start); each store uses its own schema, so the files do not see each other's data.
    isolate: name !== 'pglite',
    globalSetup: name === 'pglite' ? ['tests/db/helpers/pglite-template.setup.ts'] : [],
    // PGlite starts in about a second and runs one query at a time; give slow machines room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [DB_SUITES, '**/node_modules/**'] } },
      dbProject('pglite'),
      ...(process.env.DATABASE_URL ? [dbProject('postgres')] : []),
    ],
  },
});
