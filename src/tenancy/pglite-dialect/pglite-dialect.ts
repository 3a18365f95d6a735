/**
 * Kysely dialect for PGlite: our driver, and Kysely's own PostgreSQL adapter, query compiler and
 * introspector (PGlite is PostgreSQL).
 */
import { PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler } from 'kysely';
import { PGliteDriver, type PGliteDriverConfig } from './pglite-driver.js';

export class PGliteDialect implements Dialect {
  readonly #config: PGliteDriverConfig;

  constructor(config: PGliteDriverConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
