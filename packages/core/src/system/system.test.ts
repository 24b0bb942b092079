import { describe, expect, it } from 'vitest';
import { roleAllows } from '../access/index.ts';
import { resolveSystemConfig, SYSTEM_CONFIG_DEFAULTS } from './system-config.ts';
import { HEARTBEAT_STALE_AFTER_MS, HEARTBEAT_STOPPED_AFTER_MS, isWorkerListed, STOPPED_WORKER_LISTED_FOR_MS, workerLiveness } from './worker-liveness.ts';

describe('resolveSystemConfig', () => {
  it('uses the typed defaults when nothing is stored', () => {
    expect(resolveSystemConfig([])).toEqual(SYSTEM_CONFIG_DEFAULTS);
    expect(SYSTEM_CONFIG_DEFAULTS).toMatchObject({ default_concurrency_cap: 8, default_cron_cadence: 60, search_daily_quota: 100 });
  });

  it('applies valid overrides and ignores unknown keys and invalid values', () => {
    const resolved = resolveSystemConfig([
      { key: 'default_concurrency_cap', value: 3 },
      { key: 'default_cron_cadence', value: 'often' },
      { key: 'not_a_setting', value: 1 },
    ]);
    expect(resolved).toEqual({ ...SYSTEM_CONFIG_DEFAULTS, default_concurrency_cap: 3 });
  });
});

describe('workerLiveness', () => {
  it('classifies heartbeat age', () => {
    expect(workerLiveness(null)).toBe('never_seen');
    expect(workerLiveness(1_000)).toBe('alive');
    expect(workerLiveness(HEARTBEAT_STALE_AFTER_MS + 1)).toBe('stale');
    expect(workerLiveness(HEARTBEAT_STOPPED_AFTER_MS + 1)).toBe('stopped');
  });

  it('calls a worker from an earlier run stopped, and drops it from the list after an hour', () => {
    const earlierRunAgeMs = 20 * 60 * 1000;
    expect(workerLiveness(earlierRunAgeMs)).toBe('stopped');
    expect(isWorkerListed(earlierRunAgeMs)).toBe(true);
    expect(STOPPED_WORKER_LISTED_FOR_MS).toBe(60 * 60 * 1000);
    expect(isWorkerListed(STOPPED_WORKER_LISTED_FOR_MS)).toBe(true);
    expect(isWorkerListed(STOPPED_WORKER_LISTED_FOR_MS + 1)).toBe(false);
  });
});

describe('roleAllows', () => {
  it('orders admin above operator above viewer', () => {
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'operator')).toBe(true);
    expect(roleAllows('viewer', 'operator')).toBe(false);
    expect(roleAllows('operator', 'admin')).toBe(false);
  });
});
