import { JOB_COUNT_EXACT_MAX, JOB_COUNT_STALE_MS, JOB_STATES, JOB_WINDOW_HOURS, type JobState } from '@switchboard/core/jobs';
import { countJobsByState, findJob, readStoredJobCounts, type Db, type JobStateCount } from '@switchboard/db';
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
  /** Null when the counts were taken for this answer; otherwise when the stored counts shown were taken. */
  countedAt: string | null;
  schedules: ScheduleOverview[];
}

const zeroCounts = (): Record<JobState, number> => Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;

/** Jobs per queue and state in the window, and (for instance owners) the cron schedules. */
export async function overviewHandler({ ctx }: { ctx: AdminContext }): Promise<JobsOverview> {
  const visibility = await jobVisibility(ctx);
  const [{ counts, countedAt }, schedules] = await Promise.all([
    jobCounts(ctx.db, visibility),
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
    countedAt: countedAt?.toISOString() ?? null,
    schedules: schedules.map((schedule, index) => ({
      queue: schedule.queue,
      cron: schedule.cron,
      timezone: schedule.timezone,
      lastRunAt: lastRuns[index]?.createdOn.toISOString() ?? null,
      lastRunState: lastRuns[index]?.state ?? null,
    })),
  };
}

/**
 * The counts the worker's jobs.count job stored (every minute) once the installation's window holds
 * more jobs than are quick to count, so a page load never reads 100,000 jobs; counted now while it
 * holds fewer, before the first stored counts, and when they are stale (no worker is storing them).
 */
async function jobCounts(db: Db, visibility: Awaited<ReturnType<typeof jobVisibility>>): Promise<{ counts: JobStateCount[]; countedAt: Date | null }> {
  const stored = await readStoredJobCounts(db, visibility);
  const usable = stored !== null && stored.windowJobs > JOB_COUNT_EXACT_MAX && Date.now() - stored.countedAt.getTime() < JOB_COUNT_STALE_MS;
  return usable ? stored : { counts: await countJobsByState(db, visibility), countedAt: null };
}
