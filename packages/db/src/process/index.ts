export { loadConfigOrExit, requireDatabaseUrl } from './load-config.ts';
export { onShutdownSignal, exitOnStartupError } from './shutdown.ts';
export { publicUrl } from './public-url.ts';
