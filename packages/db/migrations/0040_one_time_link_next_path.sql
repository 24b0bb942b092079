-- The page an emailed sign-in link returns to (the sign-in page's ?next=), kept with the link rather than
-- in its URL: the emailed link stays short and cannot be edited to point elsewhere. Null: the home page.
alter table one_time_links add column next_path text check (char_length(next_path) <= 2000);
