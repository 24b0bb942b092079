export { startEmbeddedPostgres, findFreePort, type EmbeddedPostgres, type StartEmbeddedOptions } from './start.ts';
