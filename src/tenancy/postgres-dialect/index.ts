export { PostgresStoreDialect } from './postgres-store-dialect.js';
export type { PostgresStoreDriverConfig } from './postgres-store-driver.js';
export { storeTypeParsers } from './type-parsers.js';
