export { createSql, withDatabase, inTransaction, setLocalStatementTimeout, isStatementTimeout, type Db, type Sql, type TransactionSql, type SqlOptions } from './client.ts';
export * from './migrate/index.ts';
export * from './queries/index.ts';
export * from './events/index.ts';
export * from './queue/index.ts';
export * from './process/index.ts';
export * from './admin/index.ts';
export * from './provider-keys/index.ts';
