import type { Config } from '@switchboard/core';

/** Where people reach the dashboard, for links in emails and the console: PUBLIC_URL, or this host and port. */
export function publicUrl(config: Config, port: number = config.PORT): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  const host = config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' || config.HOST === '::' ? 'localhost' : config.HOST;
  return `http://${host}:${port}`;
}
