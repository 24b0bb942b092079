import { listAudit, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestMember } from '../../../../../tests/accounts.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;

beforeAll(async () => {
  acme = await openTestWorkspace('lead-import-test');
  ({ sql, operator } = acme);
});

afterAll(() => acme.close());

const caller = () => callerAs(sql, operator, 'operator');

// Row numbers as a spreadsheet shows them: the header is row 1.
const CSV = [
  'Company;Web Site;E-mail;Phone;City;Country',
  'Austin Pipe Pros;pipepros.example.com;office@pipepros.example.com;(512) 555-0101;Austin;US',
  '"Lone Star Plumbing, LLC";https://lonestar.example.com;;512-555-0102;Austin;US',
  ';https://noname.example.com;;;Austin;US',
  'Bad Email Co;;not-an-email;;Austin;US',
  'Pipe Pros Austin;https://www.pipepros.example.com/;;;Austin;US',
  'Nowhere Inc;;;;;',
].join('\n');

describe('leads.importPreview', () => {
  it('shows the columns, a guessed mapping and the first rows as written', async () => {
    const preview = await caller().leads.importPreview({ csv: CSV });
    expect(preview.headers).toEqual(['Company', 'Web Site', 'E-mail', 'Phone', 'City', 'Country']);
    expect(preview.mapping).toMatchObject({ name: 0, website: 1, email: 2, phone: 3, city: 4, country: 5 });
    expect(preview.rows[1]).toEqual(['Lone Star Plumbing, LLC', 'https://lonestar.example.com', '', '512-555-0102', 'Austin', 'US']);
    expect(preview.rows).toHaveLength(5);
  });

  it('refuses a file that is not a CSV, with the reason', async () => {
    await expect(caller().leads.importPreview({ csv: 'PK\u0003\u0004binary' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('leads.importCsv', () => {
  it('imports good rows, merges a duplicate, reports bad rows with reasons, queues new leads for review and audits the import', async () => {
    const mapping = (await caller().leads.importPreview({ csv: CSV })).mapping;
    const report = await caller().leads.importCsv({ csv: CSV, fileName: 'plumbers.csv', mapping });
    expect(report).toMatchObject({ rows: 6, imported: 2, merged: 1, unchanged: 0, queuedForReview: 2, rejectedCount: 3 });
    expect(report.rejected.map((rejected) => rejected.row)).toEqual([4, 5, 7]);
    expect(report.rejected[0]!.reasons).toEqual(['Missing business name']);
    expect(report.rejected[1]!.reasons.join(' ')).toContain('not-an-email');

    const leads = await caller().leads.reviewQueue({});
    expect(leads.leads.map((lead) => lead.name).sort()).toEqual(['Austin Pipe Pros', 'Lone Star Plumbing, LLC']);
    const pipePros = leads.leads.find((lead) => lead.name === 'Austin Pipe Pros')!;
    expect(pipePros.sources.map((source) => source.ref).sort()).toEqual(['import:plumbers.csv#row2', 'import:plumbers.csv#row6']);
    expect(pipePros.phone).toBe('+15125550101');
    expect(report.merges).toEqual([{ row: 6, leadId: pipePros.id, leadName: 'Austin Pipe Pros', on: ['domain'] }]);
    expect(report.possibleDuplicates).toEqual([]);

    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'lead.import', limit: 1 });
    expect(entry?.summary).toMatchObject({ file: 'plumbers.csv', imported: 2, merged: 1, rejected: 3 });
    // The move into review is a state-machine transition like any other, in the log with its actor.
    const [queued] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'lead.bulk_queue_for_review', limit: 1 });
    expect(queued).toMatchObject({ actorLabel: 'olive@acme.test', actorUserId: operator.userId, summary: { count: 2, file: 'plumbers.csv' } });
  });

  it('changes nothing when the same file is imported again', async () => {
    const mapping = (await caller().leads.importPreview({ csv: CSV })).mapping;
    const report = await caller().leads.importCsv({ csv: CSV, fileName: 'plumbers.csv', mapping });
    expect(report).toMatchObject({ imported: 0, merged: 0, unchanged: 3, rejectedCount: 3 });
  });

  it('does not merge a business that shares only a phone number: it is a new lead in review, flagged as a possible duplicate', async () => {
    const pipePros = (await caller().leads.list({ search: 'Austin Pipe Pros' })).leads[0]!;
    const csv = ['Company,Website,Email,Phone,City,Country', 'Bright Smiles Dentistry,brightsmiles.example.com,hello@brightsmiles.example.com,(512) 555-0101,Dallas,US'].join('\n');
    const mapping = (await caller().leads.importPreview({ csv })).mapping;
    const report = await caller().leads.importCsv({ csv, fileName: 'dentists.csv', mapping });
    expect(report).toMatchObject({ imported: 1, merged: 0, possibleDuplicateCount: 1, merges: [] });
    const [flagged] = report.possibleDuplicates;
    expect(flagged).toMatchObject({ row: 2, leadName: 'Bright Smiles Dentistry', duplicateOf: { leadId: pipePros.id, name: 'Austin Pipe Pros' }, on: ['phone'] });

    // The known lead gained nothing; the new one waits in review with a link to the other.
    expect(await caller().leads.get({ id: pipePros.id })).toMatchObject({ emails: ['office@pipepros.example.com'], phone: '+15125550101' });
    const queued = (await caller().leads.reviewQueue({ search: 'Bright Smiles' })).leads[0];
    expect(queued).toMatchObject({
      id: flagged!.leadId,
      phone: null,
      contacts: [expect.objectContaining({ email: 'hello@brightsmiles.example.com' })],
      possibleDuplicateOf: { id: pipePros.id, name: 'Austin Pipe Pros', evidence: { phone: '+15125550101' } },
    });
  });

  it('needs the business name column, and a campaign of this workspace', async () => {
    await expect(caller().leads.importCsv({ csv: CSV, mapping: { website: 1 } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Choose the column that holds the business name.',
    });
    await expect(caller().leads.importCsv({ csv: CSV, mapping: { name: 0 }, campaignId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses a file name with a NUL character with BAD_REQUEST, not a 500', async () => {
    await expect(caller().leads.importCsv({ csv: CSV, fileName: 'plumbers\u0000.csv', mapping: { name: 0 } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
