import { JOB_STATES, JOB_WINDOW_HOURS, type JobState } from '@switchboard/core/jobs';
import { countJobsByState, findJob } from '@switchboard/db';
import type { AdminContext } from '../../procedures/index.ts';
import { jobVisibility } from './visibility.ts';

export interface QueueOverview {
  queue: string;
  scope: 'workspace' | 'installation';
  counts: Record<JobState, number>;
}

export interface ScheduleOverview {
  queue: string;
  cron: string;
  timezone: string;
  /** When the schedule last created a job, while that job is still stored. */
  lastRunAt: string | null;
  lastRunState: string | null;
}

export interface JobsOverview {
  windowHours: number;
  /** Whether jobs without a workspace (schedules included) are shown: instance owners only. */
  installationJobs: boolean;
  queues: QueueOverview[];
  schedules: ScheduleOverview[];
}

const zeroCounts = (): Record<JobState, number> => Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;

/** Jobs per queue and state in the window, and (for instance owners) the cron schedules. */
export async function overviewHandler({ ctx }: { ctx: AdminContext }): Promise<JobsOverview> {
  const visibility = await jobVisibility(ctx);
  const [counts, schedules] = await Promise.all([
    countJobsByState(ctx.db, visibility),
    visibility.isOwner ? ctx.jobs.schedules() : Promise.resolve([]),
  ]);
  const queues: QueueOverview[] = [
    ...visibility.workspaceQueues.map((queue) => ({ queue, scope: 'workspace' as const, counts: zeroCounts() })),
    ...visibility.installationQueues.map((queue) => ({ queue, scope: 'installation' as const, counts: zeroCounts() })),
  ];
  for (const row of counts) {
    const queue = queues.find((entry) => entry.queue === row.queue);
    if (queue && (JOB_STATES as readonly string[]).includes(row.state)) queue.counts[row.state as JobState] = row.count;
  }
  const lastRuns = await Promise.all(schedules.map((schedule) => (schedule.lastJobId ? findJob(ctx.db, schedule.queue, schedule.lastJobId) : undefined)));
  return {
    windowHours: JOB_WINDOW_HOURS,
    installationJobs: visibility.isOwner,
    queues,
    schedules: schedules.map((schedule, index) => ({
      queue: schedule.queue,
      cron: schedule.cron,
      timezone: schedule.timezone,
      lastRunAt: lastRuns[index]?.createdOn.toISOString() ?? null,
      lastRunState: lastRuns[index]?.state ?? null,
    })),
  };
}
