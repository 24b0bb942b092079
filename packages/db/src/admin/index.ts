export { connectToServer, createDatabaseIfMissing, createDatabase, dropDatabase, listDatabases } from './databases.ts';
