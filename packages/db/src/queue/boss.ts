import { PgBoss, type ConstructorOptions } from 'pg-boss';

/** pg-boss keeps its tables in a schema of its own, apart from Switchboard's. */
export const QUEUE_SCHEMA = 'pgboss';

export type QueueRole = 'worker' | 'producer';

/**
 * The one place pg-boss is configured. LISTEN/NOTIFY wakes workers the moment a job is created
 * (queues opt in with `notify: true`); polling remains as the floor. Producers (the web process,
 * scripts) only send, so they leave maintenance and cron to the workers.
 */
export function createBoss(url: string, role: QueueRole, options: Partial<ConstructorOptions> = {}): PgBoss {
  return new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    application_name: `switchboard-${role}-queue`,
    max: role === 'worker' ? 12 : 4,
    useListenNotify: role === 'worker',
    supervise: role === 'worker',
    schedule: role === 'worker',
    migrate: true,
    instanceName: `switchboard-${role}`,
    // Schedules in Switchboard are minute-grained; a short monitor interval keeps them on time.
    cronMonitorIntervalSeconds: 10,
    ...options,
  });
}

export type { PgBoss };
