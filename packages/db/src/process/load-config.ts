import { ConfigError, parseConfig, type Config } from '@switchboard/core';

/**
 * Reads the environment once for a process entry point. A bad value ends the process with one line
 * per variable, naming it and what it expects, instead of a stack trace.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** Web and worker processes need a database URL; `pnpm start` supplies one for the embedded database. */
export function requireDatabaseUrl(config: Config, processName: string): string {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  process.stderr.write(
    `Invalid configuration: DATABASE_URL must be set to run the ${processName} on its own ` +
      '(or use `pnpm start`, which runs an embedded PostgreSQL)\n',
  );
  process.exit(1);
}
