-- AI-written subjects and openings, one per lead × step × template version × model: the cache the
-- sender reads before calling a writer, and the record of what each writing cost. A fallback (the
-- plain template was sent) is stored too, with why, so a retried send does not call the writer again.
create table ai_writings (
  id uuid primary key default time_ordered_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  lead_id uuid not null references leads (id) on delete cascade,
  step_key text not null check (length(step_key) between 1 and 200),
  template_version text not null check (length(template_version) between 1 and 200),
  model text not null check (length(model) between 1 and 128),
  writer text not null check (writer in ('openai', 'sandbox')),
  subject text,
  opening text,
  input_tokens integer not null default 0 check (input_tokens >= 0),
  output_tokens integer not null default 0 check (output_tokens >= 0),
  -- USD; null when the model's price is unknown (tokens are still counted).
  cost_usd numeric(12, 6) check (cost_usd >= 0),
  fallback boolean not null,
  fallback_reason text,
  fallback_detail text,
  created_at timestamptz not null default now(),
  check (fallback = (fallback_reason is not null)),
  check (fallback or (subject is not null and opening is not null)),
  unique (workspace_id, lead_id, step_key, template_version, model)
);

-- A lead's writings (deleting a lead cascades here through lead_id).
create index ai_writings_lead_idx on ai_writings (lead_id);
