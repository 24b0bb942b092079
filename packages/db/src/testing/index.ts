export { createTemplateDatabase, cloneDatabase, dropDatabasesWithPrefix, type TestDatabase } from './template.ts';
