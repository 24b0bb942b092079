-- Lead imports as background jobs: the uploaded file is kept in the database (the only thing every
-- web and worker process shares), a job parses it into a staging table with COPY and merges the
-- staged rows a chunk at a time, and the import row carries its progress and report.

create table lead_imports (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  created_by uuid references users (id) on delete set null,
  -- Who started it, as the audit log names them (the job queues leads for review in their name).
  created_by_label text,
  created_ip text,
  file_name text not null check (length(file_name) between 1 and 200),
  -- uploading → uploaded (waiting for its column mapping) → queued → running → finished | failed.
  status text not null default 'uploading' check (status in ('uploading', 'uploaded', 'queued', 'running', 'finished', 'failed')),
  bytes bigint not null default 0 check (bytes >= 0),
  -- Chosen on the mapping step: lead field → 0-based column.
  mapping jsonb check (mapping is null or jsonb_typeof(mapping) = 'object'),
  campaign_id uuid references campaigns (id) on delete set null,
  default_country text,
  -- Every parsed row is in lead_import_rows once this is set, so a retry skips the parse.
  staged_at timestamptz,
  -- The last staged row whose merge committed: a retry resumes after it instead of merging twice.
  merged_through_row integer not null default 0,
  rows_read integer not null default 0 check (rows_read >= 0),
  inserted integer not null default 0 check (inserted >= 0),
  merged integer not null default 0 check (merged >= 0),
  unchanged integer not null default 0 check (unchanged >= 0),
  possible_duplicates integer not null default 0 check (possible_duplicates >= 0),
  queued_for_review integer not null default 0 check (queued_for_review >= 0),
  rejected integer not null default 0 check (rejected >= 0),
  -- The first rows merged and kept apart, for the report: {"merges": [...], "possibleDuplicates": [...]}.
  report jsonb not null default '{"merges": [], "possibleDuplicates": []}' check (jsonb_typeof(report) = 'object'),
  -- Why the whole import failed (a bad file, a mapping it cannot be read with), in words for the page.
  failure text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);

-- The import page lists a workspace's recent imports.
create index lead_imports_workspace_created_idx on lead_imports (workspace_id, created_at desc);
-- One import at work per person and workspace: a second upload or start is refused (429) while one runs.
create unique index lead_imports_one_active_idx on lead_imports (workspace_id, created_by)
  where status in ('uploading', 'queued', 'running');

-- The file as uploaded, in pieces of about 1 MB, read back in order by whichever worker takes the job.
create table lead_import_chunks (
  import_id uuid not null references lead_imports (id) on delete cascade,
  seq integer not null check (seq >= 0),
  bytes bytea not null,
  primary key (import_id, seq)
);

-- Parsed rows: a candidate lead (the parser's output as JSON) or the reasons the row was refused.
-- Keyed by import and file row, so a re-run of the same import cannot stage a row twice.
create table lead_import_rows (
  import_id uuid not null references lead_imports (id) on delete cascade,
  row integer not null check (row >= 2),
  candidate jsonb,
  reasons jsonb check (reasons is null or jsonb_typeof(reasons) = 'array'),
  primary key (import_id, row),
  check ((candidate is null) <> (reasons is null))
);
