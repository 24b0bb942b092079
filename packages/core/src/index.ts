export * from './config/index.ts';
export * from './errors/index.ts';
export * from './events/index.ts';
export * from './logging/index.ts';
export * from './system/index.ts';
export { SWITCHBOARD_VERSION } from './version.ts';
export * from './access/index.ts';
export * from './identity/index.ts';
