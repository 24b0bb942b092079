import { envSchema, type Config } from './schema.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once. The error message is one line per bad variable, naming the variable,
 * what it expects and what it got, so a start-up failure reads like an instruction.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? 'environment');
    const got = env[key];
    const shown = got === undefined || isSecretName(key) ? '' : ` (got "${got}")`;
    return `Invalid configuration: ${key} must be ${issue.message}${shown}`;
  });
  throw new ConfigError(lines.join('\n'));
}

function isSecretName(key: string): boolean {
  return /KEY|SECRET|PASSWORD|TOKEN|URL/.test(key);
}
