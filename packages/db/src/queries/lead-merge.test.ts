import type { LeadCandidate, LeadStatus } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import type { TestDatabase } from '../testing/index.ts';
import { createCampaign } from './campaigns.ts';
import { MERGE_CHUNK_SIZE, mergeLeadCandidates, prepareFirstMergeChunk, rescoreLeads } from './lead-merge/index.ts';
import { countLeads, getLead } from './leads.ts';
import { availableSlug, createWorkspace } from './workspaces.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'lead-merge-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

async function workspaceWithCampaign(name: string, options: { categories?: string[]; scoreWeights?: Record<string, number> } = {}) {
  const workspace = await createWorkspace(sql, { name, slug: await availableSlug(sql, name) });
  const campaign = await createCampaign(sql, {
    workspaceId: workspace.id,
    name: `${name} campaign`,
    timeZone: 'America/Chicago',
    target: { queries: ['plumber'], locations: ['Austin, TX'], categories: options.categories ?? [], pagesPerQuery: 1, sources: ['search', 'places'] },
    ...(options.scoreWeights ? { scoreWeights: options.scoreWeights } : {}),
    createdBy: null,
  });
  return { workspaceId: workspace.id, campaignId: campaign.id };
}

const fromPlaces: LeadCandidate = {
  name: "Joe's Plumbing",
  website: 'https://www.joesplumbing.example.com/',
  address: '1200 Main St, Austin, TX 78701',
  city: 'Austin',
  region: 'TX',
  country: 'US',
  lat: 30.27,
  lng: -97.74,
  phone: '+15125550147',
  category: 'Plumber',
  rating: 4.7,
  reviewCount: 132,
  source: { kind: 'places', ref: 'place-joe', evidence: { query: 'plumber Austin' } },
};

const fromWebsite: LeadCandidate = {
  name: 'Joes Plumbing | Emergency repairs',
  website: 'http://joesplumbing.example.com/',
  phone: '(512) 555-0147',
  description: 'Family plumbers since 1982',
  socialLinks: ['https://facebook.com/joesplumbing'],
  hasContactForm: true,
  websiteReachable: true,
  contacts: [{ email: 'Info@JoesPlumbing.example.com', sourcePage: 'http://joesplumbing.example.com/contact' }, { name: 'Joe Smith', role: 'Owner' }],
  source: { kind: 'website', ref: 'http://joesplumbing.example.com/', evidence: { emails: ['info@joesplumbing.example.com (mailto)'] } },
};

async function tableCounts(workspaceId: string) {
  const [row]: [{ leads: number; contacts: number; sources: number }?] = await sql`
    select (select count(*)::int from leads where workspace_id = ${workspaceId}) as leads,
           (select count(*)::int from lead_contacts where workspace_id = ${workspaceId}) as contacts,
           (select count(*)::int from lead_sources where workspace_id = ${workspaceId}) as sources`;
  return row;
}

describe('mergeLeadCandidates', () => {
  it('merges the same business found by a listing and by its website into one lead', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge places and site');
    const first = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [fromPlaces] });
    expect(first).toMatchObject({ inserted: 1, merged: 0, leads: [{ outcome: 'inserted' }] });
    const leadId = first.leads[0]!.leadId;
    const before = await getLead(sql, workspaceId, leadId);
    expect(before).toMatchObject({ status: 'discovered', domain: 'joesplumbing.example.com', phone: '+15125550147', campaignId, rating: 4.7 });

    const second = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [fromWebsite] });
    expect(second).toEqual({ leads: [{ leadId, outcome: 'merged', name: "Joe's Plumbing", matchedOn: ['domain'], possibleDuplicateOf: null }], inserted: 0, merged: 1 });
    const lead = await getLead(sql, workspaceId, leadId);
    expect(lead).toMatchObject({
      name: "Joe's Plumbing",
      // The site's own address replaces the listing's link to it.
      website: 'http://joesplumbing.example.com/',
      description: 'Family plumbers since 1982',
      hasContactForm: true,
      websiteReachable: true,
      socialLinks: ['https://facebook.com/joesplumbing'],
      emails: ['info@joesplumbing.example.com'],
    });
    expect(lead?.contacts.map((contact) => contact.email ?? contact.name)).toEqual(['info@joesplumbing.example.com', 'Joe Smith']);
    expect(lead?.sources.map((source) => source.kind)).toEqual(['places', 'website']);
    expect(lead!.score).toBeGreaterThan(before!.score);
    expect(lead?.scoreReasons.find((reason) => reason.code === 'own_domain_email')?.points).toBeGreaterThan(0);
  });

  it('stores new leads with backslashes, quotes and text that looks like COPY escapes as given (white space cleaned)', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge odd text');
    const odd = {
      name: 'Tab\there \\ "Back" Slash',
      description: 'Line one\nLine two\r\n\\N is not null, nor is \\t a tab; emoji 🚰',
      city: 'C:\\Austin',
      country: 'US',
      socialLinks: ['https://facebook.com/a\\b'],
      source: { kind: 'import' as const, ref: 'odd.csv#row2', evidence: { note: 'back\\slash\ttab' } },
    };
    const result = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [odd] });
    expect(result).toMatchObject({ inserted: 1, leads: [{ outcome: 'inserted' }] });
    const lead = await getLead(sql, workspaceId, result.leads[0]!.leadId);
    expect(lead).toMatchObject({
      name: 'Tab here \\ "Back" Slash',
      description: 'Line one Line two \\N is not null, nor is \\t a tab; emoji 🚰',
      city: odd.city,
      socialLinks: odd.socialLinks,
      campaignId,
      status: 'discovered',
    });
  });

  it('gives new leads, their sources and contacts time-ordered ids (UUIDv7), so large batches write at the end of each id index', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge time-ordered ids');
    const result = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [fromPlaces, { ...fromWebsite, website: 'https://other.example.com/', phone: null, contacts: [{ email: 'a@other.example.com' }], source: { kind: 'website', ref: 'https://other.example.com/', evidence: {} } }] });
    const ids = await sql<{ id: string; kind: string }[]>`
      select id, 'lead' as kind from leads where workspace_id = ${workspaceId}
      union all select id, 'source' from lead_sources where workspace_id = ${workspaceId}
      union all select id, 'contact' from lead_contacts where workspace_id = ${workspaceId}`;
    expect(new Set(ids.map((row) => row.kind))).toEqual(new Set(['lead', 'source', 'contact']));
    for (const row of ids) expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [first, second] = result.leads.map((lead) => lead.leadId);
    expect(first! < second!).toBe(true);
  });

  it('adds a new lead’s source and contacts once when one batch carries them twice', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge repeated in batch');
    const row = {
      name: 'Twice Roofing',
      city: 'Austin',
      country: 'US',
      contacts: [{ email: 'Hi@Twice.example.com' }, { name: 'Ann Roe', phone: '512 555 0100' }, { name: 'Ann Roe', phone: '512 555 0100' }],
      source: { kind: 'import' as const, ref: 'twice.csv#row2', evidence: {} },
    };
    const result = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [row, { ...row, contacts: [{ email: 'hi@twice.example.com' }] }] });
    expect(result.leads.map((lead) => lead.outcome)).toEqual(['inserted', 'unchanged']);
    expect(await tableCounts(workspaceId)).toEqual({ leads: 1, contacts: 2, sources: 1 });
  });

  it('changes nothing when the same discovery runs twice', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge twice');
    const candidates = [fromPlaces, fromWebsite, { ...fromPlaces, name: 'Other Co', website: null, phone: null, city: 'Dallas', source: { kind: 'places' as const, ref: 'place-other', evidence: {} } }];
    const first = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates });
    expect(first.inserted).toBe(2);
    const counts = await tableCounts(workspaceId);
    const snapshot = await sql`select id, name, website, description, score, score_reasons, updated_at from leads where workspace_id = ${workspaceId} order by id`;

    const again = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates });
    expect(again.leads.map((lead) => lead.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.leads.map((lead) => lead.leadId)).toEqual(first.leads.map((lead) => lead.leadId));
    expect(again).toMatchObject({ inserted: 0, merged: 0 });
    expect(await tableCounts(workspaceId)).toEqual(counts);
    expect(await sql`select id, name, website, description, score, score_reasons, updated_at from leads where workspace_id = ${workspaceId} order by id`).toEqual(snapshot);
  });

  it('merges duplicates within one batch, transitively across different keys', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge in batch');
    const byName = { name: 'Rosa Bakery', city: 'Austin', country: 'US', source: { kind: 'import' as const, ref: 'list.csv#row2', evidence: {} } };
    const byNameAndPhone = { ...byName, phone: '+15125550199', source: { kind: 'import' as const, ref: 'list.csv#row3', evidence: {} } };
    const byPhoneAndDomain = { name: 'Rosa’s Bakery LLC', phone: '512-555-0199', country: 'US', website: 'rosabakery.example.com', source: { kind: 'import' as const, ref: 'list.csv#row4', evidence: {} } };
    const byEmail = { name: 'Rosa', contacts: [{ email: 'hi@rosabakery.example.com' }], website: 'https://rosabakery.example.com', source: { kind: 'import' as const, ref: 'list.csv#row5', evidence: {} } };
    const result = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [byName, byNameAndPhone, byPhoneAndDomain, byEmail] });
    expect(new Set(result.leads.map((lead) => lead.leadId)).size).toBe(1);
    expect(result.leads.map((lead) => lead.outcome)).toEqual(['inserted', 'merged', 'merged', 'merged']);
    expect(result).toMatchObject({ inserted: 1, merged: 3 });
    const lead = await getLead(sql, workspaceId, result.leads[0]!.leadId);
    expect(lead).toMatchObject({ name: 'Rosa Bakery', phone: '+15125550199', domain: 'rosabakery.example.com', emails: ['hi@rosabakery.example.com'] });
    expect(lead?.sources).toHaveLength(4);
  });

  it('never takes a key that another lead owns', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge key owned');
    const [a, b] = (
      await mergeLeadCandidates(sql, {
        workspaceId,
        campaignId,
        candidates: [
          { name: 'Alpha Dental', city: 'Austin', country: 'US', website: 'alpha-dental.example.com', source: { kind: 'places', ref: 'place-a', evidence: {} } },
          { name: 'Beta Dental', city: 'Austin', country: 'US', phone: '+15125550111', source: { kind: 'places', ref: 'place-b', evidence: {} } },
        ],
      })
    ).leads;
    // A site that names Alpha's domain but gives Beta's phone: it merges into Alpha (the domain is
    // the stronger match) without taking Beta's phone.
    const crossed = await mergeLeadCandidates(sql, {
      workspaceId,
      campaignId,
      candidates: [{ name: 'Alpha Dental', website: 'https://alpha-dental.example.com/', phone: '+15125550111', contacts: [{ email: 'desk@alpha-dental.example.com' }], source: { kind: 'website', ref: 'https://alpha-dental.example.com/', evidence: {} } }],
    });
    expect(crossed.leads[0]).toMatchObject({ leadId: a!.leadId, outcome: 'merged', matchedOn: ['domain'] });
    expect(await getLead(sql, workspaceId, a!.leadId)).toMatchObject({ phone: null, emails: ['desk@alpha-dental.example.com'] });
    expect(await getLead(sql, workspaceId, b!.leadId)).toMatchObject({ phone: '+15125550111', domain: null, emails: [] });

    // An address Alpha already has stays Alpha's even when a candidate for Beta lists it.
    const betaWithAlphaEmail = await mergeLeadCandidates(sql, {
      workspaceId,
      campaignId,
      candidates: [{ name: 'Beta Dental', city: 'Austin', country: 'US', contacts: [{ email: 'desk@alpha-dental.example.com' }], source: { kind: 'places', ref: 'place-b', evidence: {} } }],
    });
    expect(betaWithAlphaEmail.leads[0]?.leadId).toBe(b!.leadId);
    expect((await getLead(sql, workspaceId, b!.leadId))?.emails).toEqual([]);
    expect(await countLeads(sql, workspaceId, {})).toBe(2);
  });

  it('recognises a listing seen before by its place id even when nothing else identifies it', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge by source');
    const keyless = { name: 'Mystery Shop', source: { kind: 'places' as const, ref: 'place-mystery', evidence: {} } };
    const first = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [keyless] });
    const again = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [{ ...keyless, category: 'Gifts' }] });
    expect(again.leads[0]).toMatchObject({ leadId: first.leads[0]!.leadId, outcome: 'merged', matchedOn: ['source'] });
    expect((await getLead(sql, workspaceId, first.leads[0]!.leadId))?.category).toBe('Gifts');
  });

  it('does not merge a business that shares only a phone number: it becomes a new lead flagged as a possible duplicate', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge weak phone');
    const [joe] = (await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [{ ...fromPlaces, contacts: [{ email: 'info@joesplumbing.example.com' }] }] })).leads;
    const dentist: LeadCandidate = {
      name: 'Bright Smiles Dentistry',
      website: 'brightsmiles.example.com',
      city: 'Dallas',
      country: 'US',
      phone: '(512) 555-0147',
      contacts: [{ email: 'hello@brightsmiles.example.com' }],
      source: { kind: 'import', ref: 'import:list.csv#row2', evidence: {} },
    };
    // No city and no website: only its name tells it apart, and the phone is another lead's.
    const namelessPlace: LeadCandidate = { name: 'Zeta Consulting', phone: '+15125550147', country: 'US', source: { kind: 'import', ref: 'import:list.csv#row3', evidence: {} } };
    const result = await mergeLeadCandidates(sql, { workspaceId, campaignId: null, candidates: [dentist, namelessPlace] });
    expect(result).toMatchObject({ inserted: 2, merged: 0 });
    for (const lead of result.leads) {
      expect(lead).toMatchObject({ outcome: 'inserted', possibleDuplicateOf: { leadId: joe!.leadId, name: "Joe's Plumbing", on: ['phone'] } });
      expect(await getLead(sql, workspaceId, lead.leadId)).toMatchObject({
        phone: null,
        possibleDuplicateOf: { id: joe!.leadId, name: "Joe's Plumbing", evidence: { phone: '+15125550147' } },
      });
    }
    expect(await getLead(sql, workspaceId, result.leads[0]!.leadId)).toMatchObject({ domain: 'brightsmiles.example.com', emails: ['hello@brightsmiles.example.com'] });
    // Joe keeps his own details: no dentist's address attached.
    expect(await getLead(sql, workspaceId, joe!.leadId)).toMatchObject({ phone: '+15125550147', emails: ['info@joesplumbing.example.com'], possibleDuplicateOf: null });

    // The same file again finds the duplicates it made, even the one with no key of its own.
    const again = await mergeLeadCandidates(sql, { workspaceId, campaignId: null, candidates: [dentist, namelessPlace] });
    expect(again.leads.map((lead) => [lead.leadId, lead.outcome])).toEqual(result.leads.map((lead) => [lead.leadId, 'unchanged']));
    expect(await countLeads(sql, workspaceId, {})).toBe(3);
  });

  it('keeps apart rows of one batch that share only a phone, even when the first gives its lead that phone', async () => {
    const { workspaceId } = await workspaceWithCampaign('Merge weak in batch');
    const [acme] = (await mergeLeadCandidates(sql, { workspaceId, campaignId: null, candidates: [{ name: 'Acme Roofing', website: 'acme-roofing.example.com', source: { kind: 'import', ref: 'a#row2', evidence: {} } }] })).leads;
    const rows: LeadCandidate[] = [
      { name: 'Acme Roofing', website: 'https://acme-roofing.example.com', phone: '+15125550160', source: { kind: 'import', ref: 'b#row2', evidence: {} } },
      { name: 'Zeta Bakery', city: 'Waco', country: 'US', phone: '+15125550160', contacts: [{ email: 'desk@shared.example.com' }], source: { kind: 'import', ref: 'b#row3', evidence: {} } },
      { name: 'Omega Florist', city: 'Waco', country: 'US', contacts: [{ email: 'desk@shared.example.com' }], source: { kind: 'import', ref: 'b#row4', evidence: {} } },
    ];
    const result = await mergeLeadCandidates(sql, { workspaceId, campaignId: null, candidates: rows });
    expect(result.leads.map((lead) => lead.outcome)).toEqual(['merged', 'inserted', 'inserted']);
    expect(result.leads[0]).toMatchObject({ leadId: acme!.leadId, matchedOn: ['domain'] });
    expect(result.leads[1]).toMatchObject({ possibleDuplicateOf: { leadId: acme!.leadId, on: ['phone'] } });
    expect(result.leads[2]).toMatchObject({ possibleDuplicateOf: { leadId: result.leads[1]!.leadId, on: ['email'] } });
    expect(await getLead(sql, workspaceId, acme!.leadId)).toMatchObject({ phone: '+15125550160', emails: [] });
    expect(await getLead(sql, workspaceId, result.leads[1]!.leadId)).toMatchObject({ phone: null, emails: ['desk@shared.example.com'] });
    expect(await getLead(sql, workspaceId, result.leads[2]!.leadId)).toMatchObject({ phone: null, emails: [], possibleDuplicateOf: { evidence: { emails: ['desk@shared.example.com'] } } });
  });

  it('keeps leads of different workspaces apart', async () => {
    const one = await workspaceWithCampaign('Merge tenant one');
    const two = await workspaceWithCampaign('Merge tenant two');
    const a = await mergeLeadCandidates(sql, { ...one, candidates: [fromPlaces] });
    const b = await mergeLeadCandidates(sql, { ...two, candidates: [fromPlaces] });
    expect(b.leads[0]?.outcome).toBe('inserted');
    expect(b.leads[0]?.leadId).not.toBe(a.leads[0]?.leadId);
    expect(await getLead(sql, two.workspaceId, a.leads[0]!.leadId)).toBeNull();
  });

  it('fails with the database’s reason, writing nothing, when Postgres refuses the new leads’ COPY at its end', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge refused copy');
    // A status the leads table's check refuses: the COPY is refused once all its rows are sent. This hung forever
    // (postgres.js left the COPY's end waiting) until the postgres@3.4.9 patch.
    const refused = mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [fromPlaces], newLeadStatus: { status: 'queued' as LeadStatus, changedBy: null } });
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('still waiting after 5 s')), 5_000).unref());
    await expect(Promise.race([refused, timeout])).rejects.toThrow(/leads_status_check/);
    expect(await countLeads(sql, workspaceId, {})).toBe(0);
    // The connection it used still works.
    expect((await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [fromPlaces] })).inserted).toBe(1);
  });

  it('merges with a first chunk prepared ahead as without it, and refuses one prepared for other candidates', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge prepared ahead');
    const candidates = [fromPlaces, fromWebsite];
    const firstChunk = prepareFirstMergeChunk(candidates);
    await expect(mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [...candidates], firstChunk })).rejects.toThrow('prepared for other candidates');
    const merged = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates, firstChunk });
    expect(merged.leads.map((lead) => lead.outcome)).toEqual(['inserted', 'merged']);
    expect(await countLeads(sql, workspaceId, {})).toBe(1);
  });

  it('serialises concurrent merges of the same business into one lead', async () => {
    const { workspaceId, campaignId } = await workspaceWithCampaign('Merge concurrently');
    const results = await Promise.all([fromPlaces, fromWebsite, fromPlaces].map((candidate) => mergeLeadCandidates(sql, { workspaceId, campaignId, candidates: [candidate] })));
    expect(new Set(results.map((result) => result.leads[0]!.leadId)).size).toBe(1);
    expect(await countLeads(sql, workspaceId, {})).toBe(1);
  });

  it('scores with the campaign’s weights and categories, and rescores on demand', async () => {
    const plain = await workspaceWithCampaign('Score plain');
    const weighted = await workspaceWithCampaign('Score weighted', { categories: ['Bakery'], scoreWeights: { phone: 100 } });
    const candidate: LeadCandidate = { name: 'Phone Only Plumbing', phone: '+15125550123', category: 'Plumber', source: { kind: 'places', ref: 'p1', evidence: {} } };
    const [plainLead] = (await mergeLeadCandidates(sql, { ...plain, candidates: [candidate] })).leads;
    const [weightedLead] = (await mergeLeadCandidates(sql, { ...weighted, candidates: [candidate] })).leads;
    const plainDetail = await getLead(sql, plain.workspaceId, plainLead!.leadId);
    const weightedDetail = await getLead(sql, weighted.workspaceId, weightedLead!.leadId);
    expect(weightedDetail!.score).toBeGreaterThan(plainDetail!.score);
    expect(plainDetail?.scoreReasons.some((reason) => reason.code === 'category_match')).toBe(false);
    expect(weightedDetail?.scoreReasons.find((reason) => reason.code === 'category_match')).toMatchObject({ points: 0 });

    await sql`update leads set website_reachable = true, has_contact_form = true where id = ${plainLead!.leadId}`;
    expect(await rescoreLeads(sql, plain.workspaceId, [plainLead!.leadId])).toBe(1);
    expect((await getLead(sql, plain.workspaceId, plainLead!.leadId))!.score).toBeGreaterThan(plainDetail!.score);
  });

  it('imports 2,000 rows in one call with cross-chunk dedup', async () => {
    const { workspaceId } = await workspaceWithCampaign('Merge many');
    const candidates: LeadCandidate[] = Array.from({ length: 2_000 }, (_, row) => {
      const business = row % 2 === 0 ? row : row - 1;
      return {
        name: `Business ${business}`,
        website: `https://business-${business}.example.org`,
        city: 'Austin',
        country: 'US',
        source: { kind: 'import', ref: `many.csv#row${row + 2}`, evidence: {} },
      };
    });
    const result = await mergeLeadCandidates(sql, { workspaceId, campaignId: null, candidates });
    expect(result).toMatchObject({ inserted: 1_000, merged: 1_000 });
    expect(await countLeads(sql, workspaceId, {})).toBe(1_000);
    const again = await mergeLeadCandidates(sql, { workspaceId, campaignId: null, candidates });
    expect(again).toMatchObject({ inserted: 0, merged: 0 });
  });

  it('matches candidates of a later chunk of one call against the leads an earlier chunk made', async () => {
    const { workspaceId } = await workspaceWithCampaign('Merge across chunks');
    const listing = (row: number): LeadCandidate => ({
      name: `Listing ${row} Bakery`,
      website: `https://listing-${row}.example.org`,
      city: 'Austin',
      country: 'US',
      phone: `+1512555${String(row).padStart(4, '0')}`,
      contacts: [{ email: `hello@listing-${row}.example.org` }],
      source: { kind: 'places', ref: `place-${row}`, evidence: {} },
    });
    const candidates = Array.from({ length: MERGE_CHUNK_SIZE }, (_, row) => listing(row));
    // The second chunk: each shares one key with a lead of the first.
    const later = [
      { name: 'Listing 3 Bakery & Cafe', website: 'listing-3.example.org', source: { kind: 'website', ref: 'https://listing-3.example.org/', evidence: {} } },
      { name: 'Another Business Entirely', city: 'Dallas', country: 'US', phone: '+15125550005', source: { kind: 'places', ref: 'place-other', evidence: {} } },
      { name: 'Renamed On The Listing', source: { kind: 'places', ref: 'place-7', evidence: {} }, description: 'Fresh bread' },
      { name: 'Listing 9 Bakery', contacts: [{ email: 'Hello@Listing-9.example.org', name: 'Ann' }], source: { kind: 'search', ref: 'https://a.example/9', evidence: {} } },
      { name: 'Listing 11 Bakery', city: 'Austin', country: 'US', source: { kind: 'search', ref: 'https://a.example/11', evidence: {} } },
    ] satisfies LeadCandidate[];
    const result = await mergeLeadCandidates(sql, { workspaceId, campaignId: null, candidates: [...candidates, ...later] });
    const first = (row: number) => result.leads[row]!.leadId;
    const second = result.leads.slice(MERGE_CHUNK_SIZE);
    expect(second.map((lead) => [lead.leadId, lead.outcome, lead.matchedOn])).toEqual([
      [first(3), 'merged', ['domain']],
      [expect.any(String), 'inserted', []],
      [first(7), 'merged', ['source']],
      [first(9), 'merged', ['email']],
      [first(11), 'merged', ['name']],
    ]);
    expect(second[1]!.possibleDuplicateOf).toEqual({ leadId: first(5), name: 'Listing 5 Bakery', on: ['phone'] });
    expect(result).toMatchObject({ inserted: MERGE_CHUNK_SIZE + 1, merged: 4 });
    expect(await countLeads(sql, workspaceId, {})).toBe(MERGE_CHUNK_SIZE + 1);
    expect(await getLead(sql, workspaceId, first(7))).toMatchObject({ name: 'Listing 7 Bakery', description: 'Fresh bread' });
    expect(await getLead(sql, workspaceId, first(9))).toMatchObject({ emails: ['hello@listing-9.example.org'] });
    // The address and place id the later rows brought were their leads' already: not added twice.
    expect(await tableCounts(workspaceId)).toEqual({ leads: MERGE_CHUNK_SIZE + 1, contacts: MERGE_CHUNK_SIZE, sources: MERGE_CHUNK_SIZE + 4 });
  });
});
