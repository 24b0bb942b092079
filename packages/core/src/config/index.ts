export { envSchema, SECRET_CONFIG_KEYS, CREDENTIAL_URL_KEYS, type Config, type ConfigKey } from './schema.ts';
export { parseConfig, ConfigError } from './parse.ts';
export { maskSecret, maskUrlPassword, redactConfig, secretValues } from './redact.ts';
export { PROVIDERS, providerStatuses, VOICE_SANDBOX_VIA, type Provider, type ProviderMode, type ProviderState, type ProviderStatus } from './providers.ts';
