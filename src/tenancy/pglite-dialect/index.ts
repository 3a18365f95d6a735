export { PGliteDialect } from './pglite-dialect.js';
export type { PGliteDriverConfig } from './pglite-driver.js';
export { pgliteSession, type PGliteExecutor, type PGliteSession } from './pglite-session.js';
