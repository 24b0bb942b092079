import { listAudit, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { receiveLeadImportUpload } from '../../lead-import/receive-upload.ts';
import { createCaller } from '../../root.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { testContext } from '../../testing/context.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;

beforeAll(async () => {
  acme = await openTestWorkspace('lead-import-test');
  ({ sql, operator } = acme);
});

afterAll(() => acme.close());

// Row numbers as a spreadsheet shows them: the header is row 1.
const CSV = [
  'Company;Web Site;E-mail;Phone;City;Country',
  'Austin Pipe Pros;pipepros.example.com;office@pipepros.example.com;(512) 555-0101;Austin;US',
  '"Lone Star Plumbing, LLC";https://lonestar.example.com;;512-555-0102;Austin;US',
  ';https://noname.example.com;;;Austin;US',
].join('\n');

function contextOf(member: TestMember, role: 'viewer' | 'operator' | 'admin') {
  return testContext(sql, { user: { id: member.userId, email: member.email, role }, workspace: { id: member.workspaceId, name: 'Acme', slug: 'acme' } }) as AuthedContext &
    ReturnType<typeof testContext>;
}

async function* pieces(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** A file as the upload endpoint stores it, by `member`. */
async function upload(member: TestMember, csv: string, fileName = 'plumbers.csv'): Promise<string> {
  return (await receiveLeadImportUpload(contextOf(member, 'operator'), { fileName, declaredBytes: null }, pieces(csv, 5))).importId;
}

describe('lead import procedures', () => {
  it('previews the stored file: its columns, a guessed mapping and the first rows as written', async () => {
    const importId = await upload(operator, CSV);
    const found = await callerAs(sql, operator, 'viewer').leads.importGet({ importId });
    expect(found).toMatchObject({ status: 'uploaded', fileName: 'plumbers.csv', bytes: Buffer.byteLength(CSV), rowsRead: 0 });
    expect(found.preview?.headers).toEqual(['Company', 'Web Site', 'E-mail', 'Phone', 'City', 'Country']);
    expect(found.preview?.mapping).toMatchObject({ name: 0, website: 1, email: 2, phone: 3, city: 4, country: 5 });
    expect(found.preview?.rows[1]).toEqual(['Lone Star Plumbing, LLC', 'https://lonestar.example.com', '', '512-555-0102', 'Austin', 'US']);
    expect(found.preview?.rows).toHaveLength(3);
    expect((await callerAs(sql, operator, 'viewer').leads.imports()).map((listed) => listed.id)).toEqual([importId]);
  });

  it('starts the import with a mapping the header allows: queued, job enqueued once, audited; a second start is a conflict', async () => {
    const [importId] = (await callerAs(sql, operator, 'viewer').leads.imports()).map((listed) => listed.id);
    const caller = () => callerAs(sql, operator, 'operator');
    await expect(caller().leads.importStart({ importId: importId!, mapping: { website: 1 } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Choose the column that holds the business name.' });
    await expect(caller().leads.importStart({ importId: importId!, mapping: { name: 9 } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'The column chosen for name is not in this file.' });
    await expect(caller().leads.importStart({ importId: importId!, mapping: { name: 0 }, campaignId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerAs(sql, operator, 'viewer').leads.importStart({ importId: importId!, mapping: { name: 0 } })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const ctx = contextOf(operator, 'operator');
    expect(await createCaller(ctx).leads.importStart({ importId: importId!, mapping: { name: 0, city: 4 }, defaultCountry: 'US' })).toEqual({ importId, status: 'queued' });
    expect(ctx.enqueued).toEqual([{ queue: 'leads.import', payload: { workspaceId: operator.workspaceId, importId } }]);
    expect(await caller().leads.importGet({ importId: importId! })).toMatchObject({ status: 'queued', preview: null });
    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'lead.import', limit: 1 });
    expect(entry).toMatchObject({ actorUserId: operator.userId, targetId: importId, summary: { file: 'plumbers.csv', bytes: Buffer.byteLength(CSV) } });
    await expect(caller().leads.importStart({ importId: importId!, mapping: { name: 0 } })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('allows one import at work per person: the next upload is rate limited with a retry time, another person is not', async () => {
    await expect(upload(operator, CSV, 'second.csv')).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 30 });
    const colleague = await createMember(sql, { email: 'colleague@acme.test', role: 'operator', workspaceId: operator.workspaceId });
    expect(await upload(colleague, CSV, 'colleague.csv')).toMatch(/^[0-9a-f-]{36}$/);

    // An import whose job was lost stops holding its person up once it has made no progress for long.
    const [stuck] = (await callerAs(sql, operator, 'viewer').leads.imports()).filter((listed) => listed.status === 'queued');
    await sql`update lead_imports set updated_at = now() - interval '2 hours' where id = ${stuck!.id}`;
    expect(await upload(operator, CSV, 'after-stuck.csv')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await callerAs(sql, operator, 'viewer').leads.importGet({ importId: stuck!.id })).toMatchObject({ status: 'failed', failure: expect.stringMatching(/stopped making progress/) });
  });

  it('refuses an upload by a viewer, an empty file, and keeps nothing of a refused one', async () => {
    const viewer = await createMember(sql, { email: 'vera@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
    await expect(receiveLeadImportUpload(contextOf(viewer, 'viewer'), { fileName: 'x.csv', declaredBytes: null }, pieces(CSV, 5))).rejects.toMatchObject({ kind: 'forbidden' });
    const other = await createMember(sql, { email: 'otto@acme.test', role: 'operator', workspaceId: operator.workspaceId });
    await expect(upload(other, '')).rejects.toThrow('The file is empty.');
    await expect(receiveLeadImportUpload(contextOf(other, 'operator'), { fileName: 'big.csv', declaredBytes: null }, pieces(`Name\n${'A\n'.repeat(20)}`, 3), { maxBytes: 1_000, maxRows: 10 })).rejects.toThrow(
      'The file has more than 10 rows: split it into smaller files.',
    );
    expect(await sql`select 1 from lead_imports where created_by = ${other.userId}`).toHaveLength(0);
  });

  it('keeps a file name with control characters or a lone surrogate as readable text instead of failing', async () => {
    const namer = await createMember(sql, { email: 'namer@acme.test', role: 'operator', workspaceId: operator.workspaceId });
    const importId = await upload(namer, CSV, 'bad\u0000na\ud800me\n.csv');
    expect(await callerAs(sql, operator, 'viewer').leads.importGet({ importId })).toMatchObject({ fileName: 'badname.csv' });
  });

  it('lists the rows an import refused, a page at a time', async () => {
    const importId = await upload(await createMember(sql, { email: 'paging@acme.test', role: 'operator', workspaceId: operator.workspaceId }), CSV, 'paging.csv');
    await sql`insert into lead_import_rows (import_id, row, reasons) select ${importId}, g, '["Missing business name"]' from generate_series(2, 6) g`;
    const caller = callerAs(sql, operator, 'viewer');
    const first = await caller.leads.importRejections({ importId, limit: 3 });
    expect(first).toEqual({ rows: [2, 3, 4].map((row) => ({ row, reasons: ['Missing business name'] })), nextAfterRow: 4 });
    expect(await caller.leads.importRejections({ importId, afterRow: 4, limit: 3 })).toEqual({ rows: [5, 6].map((row) => ({ row, reasons: ['Missing business name'] })), nextAfterRow: null });
  });
});
