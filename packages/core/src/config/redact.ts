import { CREDENTIAL_URL_KEYS, SECRET_CONFIG_KEYS, type Config, type ConfigKey } from './schema.ts';

/** Shows that a secret is set and which one it is, without revealing it: "set, ends in …4f2a". */
export function maskSecret(secret: string): string {
  if (secret.length < 12) return 'set';
  return `set, ends in …${secret.slice(-4)}`;
}

/** Replaces the password in a connection URL, keeping user, host and database readable. */
export function maskUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '*****';
    return parsed.toString();
  } catch {
    // An unparseable URL may still hold a secret: show nothing of it.
    return '*****';
  }
}

/** The effective config as it may be printed: secrets masked, URLs without passwords. */
export function redactConfig(config: Config): Record<ConfigKey, string | number | undefined> {
  const entries = Object.entries(config).map(([key, value]) => {
    if (value === undefined) return [key, undefined];
    // Lists (ALLOWED_HOSTS) print as they are written in the environment.
    if (Array.isArray(value)) return [key, value.join(',')];
    if (SECRET_CONFIG_KEYS.includes(key as ConfigKey)) return [key, maskSecret(String(value))];
    if (CREDENTIAL_URL_KEYS.includes(key as ConfigKey)) return [key, maskUrlPassword(String(value))];
    return [key, value];
  });
  return Object.fromEntries(entries) as Record<ConfigKey, string | number | undefined>;
}

/** The secret values in a config, for scrubbing them out of anything that might be logged. */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const key of SECRET_CONFIG_KEYS) {
    const value = config[key];
    if (typeof value === 'string' && value.length > 0) values.push(value);
  }
  for (const key of CREDENTIAL_URL_KEYS) {
    const value = config[key];
    if (typeof value !== 'string') continue;
    try {
      const password = decodeURIComponent(new URL(value).password);
      if (password) values.push(password);
    } catch {
      values.push(value);
    }
  }
  return values;
}
