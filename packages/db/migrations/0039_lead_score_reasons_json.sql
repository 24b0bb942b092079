-- A lead's score reasons are written whole with every insert and rescore and read back whole by the lead
-- pages; nothing queries inside them. As jsonb each ~500-character list was converted to the binary
-- form on every write (~0.4 s of the database's time per 100,000 imported leads); json keeps the text.
alter table leads drop constraint leads_score_reasons_check;
alter table leads alter column score_reasons drop default;
alter table leads alter column score_reasons type json using score_reasons::json;
alter table leads alter column score_reasons set default '[]';
alter table leads add constraint leads_score_reasons_check check (json_typeof(score_reasons) = 'array');
