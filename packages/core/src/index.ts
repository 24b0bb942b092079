export * from './config/index.ts';
export * from './errors/index.ts';
export * from './events/index.ts';
// The logger factory is node-only: import it from '@switchboard/core/logging'.
export type { Logger, LoggerOptions } from './logging/index.ts';
export * from './system/index.ts';
export { SWITCHBOARD_VERSION } from './version.ts';
export * from './access/index.ts';
export * from './identity/index.ts';
export * from './csv/index.ts';
export * from './provider-keys/index.ts';
export * from './leads/index.ts';
export * from './campaigns/index.ts';
export * from './lead-import/index.ts';
export * from './discovery/index.ts';
