export * from './config/index.ts';
export * from './errors/index.ts';
export * from './events/index.ts';
// Node-only parts have their own entry points, so browser bundles stay free of them:
// '@switchboard/core/logging', '/crypto', '/discovery' (cheerio) and '/lead-import' (csv-parse).
export type { Logger, LoggerOptions } from './logging/index.ts';
export * from './system/index.ts';
export { SWITCHBOARD_VERSION } from './version.ts';
export * from './access/index.ts';
export * from './identity/index.ts';
export * from './csv/index.ts';
export * from './provider-keys/index.ts';
export * from './leads/index.ts';
export * from './campaigns/index.ts';
export * from './creation-caps/index.ts';
export * from './mailboxes/index.ts';
export * from './text/index.ts';
export * from './ai-writing/index.ts';
// The discovery run's rules are pure and browser-safe, unlike the rest of '/discovery' (cheerio).
export * from './discovery/run-state-machine.ts';
export * from './discovery/task-kinds.ts';
export * from './discovery/plan.ts';
export * from './calendar/index.ts';
export * from './sends/index.ts';
export * from './calls/index.ts';
export * from './replies/index.ts';
export * from './inbox/index.ts';
export * from './sequences/index.ts';
export * from './mailboxes/index.ts';
// The rendering and lint need liquidjs: '@switchboard/core/templates'. The allow-listed fields do not.
export * from './templates/fields.ts';
export * from './suppression/entries.ts';
export * from './analytics/index.ts';
export * from './health/index.ts';
