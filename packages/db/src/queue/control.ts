import type { PgBoss } from 'pg-boss';

export interface JobSchedule {
  queue: string;
  cron: string;
  timezone: string;
  /** The job the schedule most recently created; it may since have been deleted. */
  lastJobId: string | null;
}

/** What the api may ask of pg-boss beyond sending: its schedules, and running a failed job again. */
export interface JobControl {
  schedules(): Promise<JobSchedule[]>;
  /** Puts a failed job back in the queue for one more attempt; false when it was not failed (pg-boss only retries failed jobs). */
  retry(queue: string, id: string): Promise<boolean>;
}

export function createJobControl(boss: PgBoss): JobControl {
  return {
    async schedules() {
      const schedules = await boss.getSchedules();
      return schedules.map((schedule) => ({ queue: schedule.name, cron: schedule.cron, timezone: schedule.timezone, lastJobId: schedule.lastJobId }));
    },
    async retry(queue, id) {
      const result: object = await boss.retry(queue, id);
      // pg-boss 12 reports how many jobs its `state = 'failed'` guard let through; its types leave the field out.
      return 'affected' in result && typeof result.affected === 'number' && result.affected > 0;
    },
  };
}
