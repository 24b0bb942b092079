import type { Sql } from '../client.ts';

const PREFIXES = ['Acme', 'Bluebonnet', 'Lone Star', 'Capitol', 'Hill Country', 'Riverside', 'Summit', 'Pioneer', 'Oak', 'Granite', 'Harbor', 'Evergreen', 'Prairie', 'Canyon', 'Maple', 'Liberty', 'Cedar', 'Sunrise', 'Northstar', 'Keystone'];
const CITIES = ['Austin', 'Denver', 'Portland', 'Chicago', 'Boston', 'Seattle', 'Phoenix', 'Atlanta'];
const CATEGORIES = ['Plumber', 'Dentist', 'Bakery', 'Electrician', 'Roofer', 'Florist', 'Accountant', 'Gym'];
// Roughly a workspace after a few months: most leads decided, a fifth waiting for review. A lead's
// status does not follow from its name (n / 20, where the name's prefix is n % 20).
const STATUSES = ['discovered', 'enriched', 'pending_review', 'approved', 'rejected'];

/**
 * `count` leads in one workspace in a few statements (generate_series), each with a source, every
 * third with one or two contact addresses, for the bench and for query-plan tests. Lead `n` is named
 * "<Prefix> <Category> <n>" at business-<n>.example.org, phone +1512<n>; vacuumed and analysed.
 */
export async function seedManyLeads(sql: Sql, input: { workspaceId: string; count: number; start?: number; campaignIds?: string[] }): Promise<void> {
  // Four in five found by one of the campaigns, the rest imported (no campaign).
  const campaigns = input.campaignIds ?? [];
  const start = input.start ?? 1;
  const end = start + input.count - 1;
  await sql`
    insert into leads (workspace_id, campaign_id, name, name_key, domain, website, city, country, phone, category, status, score,
                       score_reasons, confidence, rating, review_count, first_seen_at, last_seen_at)
    select ${input.workspaceId}, case when n % 5 <> 4 then (${campaigns}::uuid[])[1 + n % greatest(1, ${campaigns.length})] end, name, lower(name) || '|' || lower(city) || '|us', 'business-' || n || '.example.org',
           'https://business-' || n || '.example.org/', city, 'US', '+1512' || lpad(n::text, 7, '0'), category,
           (${STATUSES}::text[])[1 + (n / 20) % 5], (n * 37) % 101,
           jsonb_build_array(
             jsonb_build_object('code', 'website', 'label', 'Has a working website', 'points', 20, 'max', 20),
             jsonb_build_object('code', 'phone', 'label', 'Lists a phone number', 'points', 15, 'max', 15),
             jsonb_build_object('code', 'email', 'label', 'A contact address was found', 'points', case when n % 3 = 0 then 25 else 0 end, 'max', 25),
             jsonb_build_object('code', 'reviews', 'label', 'Well reviewed', 'points', (n * 37) % 41, 'max', 40)),
           (array['high', 'medium', 'low'])[1 + n % 3], (n % 50) / 10.0, n % 400,
           now() - make_interval(secs => n), now() - make_interval(secs => n)
    from (
      select n, (${PREFIXES}::text[])[1 + n % ${PREFIXES.length}] || ' ' || (${CATEGORIES}::text[])[1 + n % ${CATEGORIES.length}] || ' ' || n as name,
             (${CITIES}::text[])[1 + (n / 7) % ${CITIES.length}] as city, (${CATEGORIES}::text[])[1 + n % ${CATEGORIES.length}] as category
      from generate_series(${start}::int, ${end}::int) n
    ) seed`;
  await sql`
    insert into lead_sources (workspace_id, lead_id, kind, ref, evidence)
    select workspace_id, id, 'search', website, jsonb_build_object('query', lower(category) || ' ' || lower(city), 'position', 1)
    from leads where workspace_id = ${input.workspaceId} and substring(domain from 'business-([0-9]+)')::int between ${start} and ${end}`;
  await sql`
    insert into lead_contacts (workspace_id, lead_id, email, name, source_page)
    select l.workspace_id, l.id, box || '@' || l.domain, 'Front desk', l.website || 'contact'
    from leads l cross join unnest(array['hello', 'office']) box
    where l.workspace_id = ${input.workspaceId} and substring(l.domain from 'business-([0-9]+)')::int between ${start} and ${end}
      and substring(l.domain from 'business-([0-9]+)')::int % 3 = 0
      and (box = 'hello' or substring(l.domain from 'business-([0-9]+)')::int % 2 = 0)`;
  // As autovacuum leaves a table after a bulk insert: statistics fresh, the trigram indexes' pending
  // entries merged (a search would otherwise scan them all).
  await sql`vacuum analyze leads`;
  await sql`vacuum analyze lead_contacts`;
  await sql`vacuum analyze lead_sources`;
}
