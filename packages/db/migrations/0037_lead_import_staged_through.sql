-- The import job stages the file in chunks, each chunk's transaction moving this checkpoint, so the
-- merge can start on the first committed chunk while the rest of the file is parsed, and a retry
-- after a crash stages only the rows after it (staged_at is still set once the whole file is staged).
alter table lead_imports add column staged_through_row integer not null default 0 check (staged_through_row >= 0);
