import { z } from 'zod';

/**
 * Cluster-wide settings an admin can change at run time. Each key has a schema and a default; the
 * table stores overrides, and a missing or unreadable row falls back to the default.
 */
export const SYSTEM_CONFIG_SCHEMA = {
  default_concurrency_cap: z.number().int().min(1).max(100),
  default_cron_cadence: z.number().int().min(1).max(86_400),
  // Discovery: Google's free Custom Search tier is 100 queries a day.
  search_daily_quota: z.number().int().min(0).max(1_000_000),
  search_requests_per_minute: z.number().int().min(1).max(10_000),
  places_requests_per_minute: z.number().int().min(1).max(10_000),
  scrape_max_pages_per_site: z.number().int().min(1).max(20),
  scrape_domain_delay_ms: z.number().int().min(0).max(60_000),
  scrape_page_timeout_ms: z.number().int().min(1_000).max(120_000),
  scrape_site_timeout_ms: z.number().int().min(5_000).max(600_000),
} as const;

export const SYSTEM_CONFIG_DEFAULTS: SystemConfig = {
  default_concurrency_cap: 8,
  default_cron_cadence: 60,
  search_daily_quota: 100,
  search_requests_per_minute: 60,
  places_requests_per_minute: 60,
  scrape_max_pages_per_site: 5,
  scrape_domain_delay_ms: 1_000,
  scrape_page_timeout_ms: 15_000,
  scrape_site_timeout_ms: 60_000,
};

export type SystemConfigKey = keyof typeof SYSTEM_CONFIG_SCHEMA;
export type SystemConfig = { [K in SystemConfigKey]: z.output<(typeof SYSTEM_CONFIG_SCHEMA)[K]> };

export function isSystemConfigKey(key: string): key is SystemConfigKey {
  return Object.hasOwn(SYSTEM_CONFIG_SCHEMA, key);
}

/** Merges stored rows over the defaults, ignoring unknown keys and values that fail their schema. */
export function resolveSystemConfig(rows: ReadonlyArray<{ key: string; value: unknown }>): SystemConfig {
  const resolved: Record<string, unknown> = { ...SYSTEM_CONFIG_DEFAULTS };
  for (const row of rows) {
    if (!isSystemConfigKey(row.key)) continue;
    const parsed = SYSTEM_CONFIG_SCHEMA[row.key].safeParse(row.value);
    if (parsed.success) resolved[row.key] = parsed.data;
  }
  return resolved as SystemConfig;
}
