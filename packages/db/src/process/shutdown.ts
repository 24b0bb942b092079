import type { Logger } from '@switchboard/core';

/**
 * Runs `shutdown` once on SIGINT or SIGTERM, then exits. A second signal while shutting down exits at
 * once, for the person pressing Ctrl-C twice.
 */
export function onShutdownSignal(log: Logger, shutdown: (signal: NodeJS.Signals) => Promise<void>): void {
  let shuttingDown = false;
  const handle = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  // Started by the launcher: if it dies without asking us to stop, stop anyway rather than linger.
  if (process.send) process.on('disconnect', () => handle('SIGTERM'));
}

/** Ends a process whose start-up failed with one readable log line; the stack stays in the log's err field. */
export function exitOnStartupError(log: Logger, what: string) {
  return (error: unknown): never => {
    const reason = error instanceof Error ? error.message : String(error);
    log.fatal({ err: error }, `${what} could not start: ${reason}`);
    process.exit(1);
  };
}
