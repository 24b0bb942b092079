-- A candidate that shares only a phone number or an address with a lead (its name and website say
-- another business) is not merged into it: it becomes its own lead, pointing at the lead it may
-- duplicate, for a person to decide in review. The shared values stay with the lead that owns them
-- (phone and email are unique keys), so the duplicate records them as evidence instead.
alter table leads
  add column possible_duplicate_of uuid references leads (id) on delete set null,
  -- {"phone": "+15125550147", "emails": ["desk@example.com"]}: what it shares with that lead.
  add column possible_duplicate_evidence jsonb check (jsonb_typeof(possible_duplicate_evidence) = 'object'),
  add constraint leads_possible_duplicate_not_self check (possible_duplicate_of <> id);

-- A second import of the same row finds the duplicate it created last time through the lead it points at.
create index leads_possible_duplicate_idx on leads (possible_duplicate_of) where possible_duplicate_of is not null;
