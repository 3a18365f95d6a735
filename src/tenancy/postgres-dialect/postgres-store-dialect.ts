/** Kysely dialect for the PostgreSQL store: our driver over Kysely's PostgreSQL parts. */
import { PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler } from 'kysely';
import { PostgresStoreDriver, type PostgresStoreDriverConfig } from './postgres-store-driver.js';

export class PostgresStoreDialect implements Dialect {
  readonly #config: PostgresStoreDriverConfig;

  constructor(config: PostgresStoreDriverConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new PostgresStoreDriver(this.#config);
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
