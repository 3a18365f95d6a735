/** Assembles a {@link GatehouseStore} from the two Kysely instances a backend opened. */
import { Kysely, type Dialect } from 'kysely';
import type { GatehouseDatabase } from './database-schema.js';
import { registerStore } from './store-registry.js';
import type { StoreHandleSource } from './store-thread-handle.js';
import type { GatehouseStore, StoreBackend, StoreRoles } from './store.js';

export interface StoreParts {
  readonly backend: StoreBackend;
  readonly schema: string;
  readonly roles: StoreRoles;
  readonly scopeKey: object;
  readonly appDialect: Dialect;
  readonly adminDialect: Dialect;
  /** How storeThreadHandle() hands this store to another thread. */
  readonly handleSource: StoreHandleSource;
  /** Runs after both Kysely instances are destroyed (e.g. closing PGlite). */
  readonly onClose?: () => Promise<void>;
}

export function createStore(parts: StoreParts): GatehouseStore {
  // withSchema: every table name resolves in the store's schema, whatever the search_path.
  const app = new Kysely<GatehouseDatabase>({ dialect: parts.appDialect }).withSchema(parts.schema);
  const admin = new Kysely<GatehouseDatabase>({ dialect: parts.adminDialect }).withSchema(parts.schema);
  let closing: Promise<void> | undefined;
  const store: GatehouseStore = {
    backend: parts.backend,
    schema: parts.schema,
    roles: Object.freeze({ ...parts.roles }),
    app,
    admin,
    get closed() {
      return closing !== undefined;
    },
    close() {
      closing ??= (async () => {
        try {
          await Promise.all([app.destroy(), admin.destroy()]);
        } finally {
          await parts.onClose?.();
        }
      })();
      return closing;
    },
  };
  registerStore(store, parts.scopeKey, parts.handleSource);
  return store;
}
