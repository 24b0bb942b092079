-- The Jobs page's counts per queue, state and workspace over its window. Counting them on each page
-- load read every job of the window (~245 ms at 100,000 jobs, growing with them); the worker's
-- jobs.count job stores them every minute instead, and the page shows them with their time once an
-- installation has more jobs than are quick to count (a small one is still counted on each load).
create table job_counts (
  queue text not null check (length(queue) between 1 and 200),
  state text not null check (length(state) between 1 and 50),
  -- The workspace the job's payload names; null for the installation's own jobs.
  workspace_id uuid,
  jobs integer not null check (jobs > 0),
  unique nulls not distinct (queue, state, workspace_id)
);

-- One row: when the counts above were taken (the counts may be none at all).
create table job_counts_taken (
  singleton boolean primary key default true check (singleton),
  counted_at timestamptz not null,
  window_hours integer not null check (window_hours > 0)
);
