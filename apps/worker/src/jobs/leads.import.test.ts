import type { LiveEvent } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import {
  appendLeadImportChunk,
  beginLeadImportUpload,
  createBoss,
  createPublisher,
  countLeads,
  createSql,
  findLeadImport,
  finishLeadImportUpload,
  listAudit,
  listenEvents,
  queueLeadImport,
  type EventSubscription,
  type Publish,
  type Sql,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { startSwitchboardWorker } from '../worker.ts';
import { runLeadImport } from '../lead-import/run-import.ts';
import { importLeadsJob } from './leads.import.ts';
import { refreshLeadStatisticsJob } from './leads.refresh-statistics.ts';

let database: TestDatabase;
let sql: Sql;
let operator: TestMember;
let worker: Awaited<ReturnType<typeof startSwitchboardWorker>>;
let subscription: EventSubscription;
const events: LiveEvent[] = [];
const log = createLogger({ name: 'lead-import-test', level: 'silent', format: 'json' });

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'lead-import-test' });
  operator = await createMember(sql, { email: 'operator@acme.test', role: 'operator' });
  subscription = await listenEvents(sql, (event) => events.push(event));
  worker = await startSwitchboardWorker({
    sql,
    boss: createBoss(database.url, 'worker', { supervise: false, schedule: false }),
    log,
    jobs: [importLeadsJob, refreshLeadStatisticsJob],
  });
});

afterAll(async () => {
  await worker.stop(1_000);
  await subscription.close();
  await sql.end();
  await database.drop();
});

// Row numbers as a spreadsheet shows them: the header is row 1.
const CSV = [
  'Company;Web Site;E-mail;Phone;City;Country',
  'Austin Pipe Pros;pipepros.example.com;office@pipepros.example.com;(512) 555-0101;Austin;US',
  '"Lone Star Plumbing, LLC";https://lonestar.example.com;;512-555-0102;Austin;US',
  ';https://noname.example.com;;;Austin;US',
  'Bad Email Co;;jane at example dot com;;Austin;US',
  'Pipe Pros Austin;https://www.pipepros.example.com/;;;Austin;US',
  'Nowhere Inc;;;;;',
  'Drain Kings;;;512-555-0101;Dallas;US',
].join('\n');
const MAPPING = { name: 0, website: 1, email: 2, phone: 3, city: 4, country: 5 };

/** An upload as the web server stores it (pieces of `pieceBytes`), started with a mapping. */
async function uploaded(member: TestMember, csv: string, options: { pieceBytes?: number; fileName?: string; mapping?: Record<string, number> } = {}): Promise<string> {
  const opened = await beginLeadImportUpload(sql, {
    workspaceId: member.workspaceId,
    actor: { userId: member.userId, label: member.email, ip: null },
    fileName: options.fileName ?? 'plumbers.csv',
    staleAfterMs: 60_000,
  });
  if (!opened) throw new Error('an import is already at work');
  const bytes = Buffer.from(csv);
  const pieceBytes = options.pieceBytes ?? 1024 * 1024;
  for (let seq = 0; seq * pieceBytes < bytes.length; seq += 1) {
    await appendLeadImportChunk(sql, opened.id, seq, bytes.subarray(seq * pieceBytes, (seq + 1) * pieceBytes));
  }
  await finishLeadImportUpload(sql, opened.id);
  expect(await queueLeadImport(sql, { workspaceId: member.workspaceId, importId: opened.id, mapping: options.mapping ?? MAPPING, campaignId: null, defaultCountry: null })).toBe('started');
  return opened.id;
}

async function waitFor<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const found = await check();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const leadNames = async (workspaceId: string) =>
  (await sql<{ name: string }[]>`select name from leads where workspace_id = ${workspaceId} order by name`).map((row) => row.name);

describe('leads.import', () => {
  it('imports a stored file through the queue: new leads, a strong-match merge, a possible duplicate, one error per bad cell, and live progress', async () => {
    // 7-byte pieces: characters and lines split between stored pieces are joined again.
    const importId = await uploaded(operator, CSV, { pieceBytes: 7 });
    await worker.enqueue('leads.import', { workspaceId: operator.workspaceId, importId });
    const done = await waitFor(async () => {
      const found = await findLeadImport(sql, operator.workspaceId, importId);
      return found?.status === 'finished' || found?.status === 'failed' ? found : undefined;
    }, 'the import to end');

    expect(done).toMatchObject({ status: 'finished', rowsRead: 7, inserted: 3, merged: 1, unchanged: 0, rejected: 3, possibleDuplicates: 1, queuedForReview: 3, failure: null });
    expect(await leadNames(operator.workspaceId)).toEqual(['Austin Pipe Pros', 'Drain Kings', 'Lone Star Plumbing, LLC']);
    // The planner knows the new leads at once (the lead pages' estimated counts), not after autovacuum's next
    // pass: the import queued a refresh of the table's statistics once its report was final.
    await waitFor(async () => {
      const [table] = await sql<{ tuples: number }[]>`select reltuples::int as tuples from pg_class where oid = 'leads'::regclass`;
      return table && table.tuples >= 3 ? table : undefined;
    }, 'the leads table statistics');
    // New leads wait in review, moved there in the importing person's name. The audit log has the import's start
    // (leads.importStart, through the API's one writer); the job itself writes no audit entries.
    const states = await sql`select distinct status, status_changed_by as "changedBy" from leads where workspace_id = ${operator.workspaceId}`;
    expect(states).toEqual([{ status: 'pending_review', changedBy: operator.userId }]);
    expect(await listAudit(sql, { workspaceId: operator.workspaceId, limit: 5 })).toEqual([]);
    const [pipePros] = await sql<{ id: string }[]>`select id from leads where workspace_id = ${operator.workspaceId} and name = 'Austin Pipe Pros'`;
    expect(done.report.merges).toEqual([{ row: 6, leadId: pipePros!.id, leadName: 'Austin Pipe Pros', on: ['domain'] }]);
    expect(done.report.possibleDuplicates).toMatchObject([{ row: 8, leadName: 'Drain Kings', duplicateOf: { leadId: pipePros!.id, name: 'Austin Pipe Pros' }, on: ['phone'] }]);
    const rejected = await sql<{ row: number; reasons: string[] }[]>`select row, reasons from lead_import_rows where import_id = ${importId} order by row`;
    expect(rejected).toEqual([
      { row: 4, reasons: ['Missing business name'] },
      { row: 5, reasons: ['Invalid email “jane at example dot com”'] },
      { row: 7, reasons: ['Nothing identifies this business: add a city, postal code, website, phone or email'] },
    ]);
    expect(await sql`select 1 from lead_import_chunks where import_id = ${importId}`).toHaveLength(0);

    const progress = events.filter((event) => event.topic === 'leads.import_progress' && (event.payload as { importId: string }).importId === importId);
    expect(progress.every((event) => event.workspaceId === operator.workspaceId)).toBe(true);
    expect(progress.map((event) => (event.payload as { status: string }).status)).toEqual(expect.arrayContaining(['running', 'finished']));
    expect((progress.at(-1)!.payload as { status: string }).status).toBe('finished');
  });

  it('leaves nothing of its leads pending in the search index, and searches find them by name, domain and phone', async () => {
    const member = await createMember(sql, { email: 'search@acme.test', role: 'operator', workspaceName: 'Search Co' });
    // Two rows a chunk: the merge's transactions defer the index, and folds run between and after them.
    await runLeadImport({ sql, publish: createPublisher(sql), log }, await uploaded(member, CSV), { chunkRows: 2 });
    const [pending]: [{ pages: number }?] = await sql`select gin_clean_pending_list('leads_search_trgm_idx'::regclass)::int as pages`;
    expect(pending?.pages).toBe(0);
    for (const search of ['Lone Star', 'pipepros.example', '512-555-0102']) expect(await countLeads(sql, member.workspaceId, { search })).toBe(1);
  });

  it('goes on from the last merged chunk after a crash, so a retry adds nothing twice and counts every row once', async () => {
    const member = await createMember(sql, { email: 'retry@acme.test', role: 'operator', workspaceName: 'Retry Co' });
    const importId = await uploaded(member, CSV);
    const publish = createPublisher(sql);
    let chunksMerged = 0;
    // The worker dies right after its first chunk committed (the event after it fails).
    const dying: Publish = async (workspaceId, topic, payload) => {
      if (topic === 'leads.changed' && ++chunksMerged === 1) throw new Error('worker died');
      await publish(workspaceId, topic, payload);
    };
    await expect(runLeadImport({ sql, publish: dying, log }, importId, { chunkRows: 2 })).rejects.toThrow('worker died');
    const halfway = await findLeadImport(sql, member.workspaceId, importId);
    expect(halfway).toMatchObject({ status: 'running', mergedThroughRow: 3, inserted: 2 });

    await runLeadImport({ sql, publish, log }, importId, { chunkRows: 2 });
    const retried = await findLeadImport(sql, member.workspaceId, importId);
    expect(retried).toMatchObject({ status: 'finished', rowsRead: 7, inserted: 3, merged: 1, unchanged: 0, rejected: 3, possibleDuplicates: 1 });
    expect(retried!.report.merges).toHaveLength(1);
    expect(await leadNames(member.workspaceId)).toEqual(['Austin Pipe Pros', 'Drain Kings', 'Lone Star Plumbing, LLC']);
    const sources = await sql`select 1 from lead_sources where workspace_id = ${member.workspaceId}`;
    expect(sources).toHaveLength(4);

    // A late duplicate of the job finds the import finished and does nothing.
    await runLeadImport({ sql, publish, log }, importId);
    expect(await findLeadImport(sql, member.workspaceId, importId)).toMatchObject({ inserted: 3, merged: 1 });
    expect(await leadNames(member.workspaceId)).toHaveLength(3);
  });

  it('merges a second import of the same file into the leads the first one made', async () => {
    const member = await createMember(sql, { email: 'again@acme.test', role: 'operator', workspaceName: 'Again Co' });
    const first = await uploaded(member, CSV);
    await runLeadImport({ sql, publish: createPublisher(sql), log }, first);
    const second = await uploaded(member, CSV);
    await runLeadImport({ sql, publish: createPublisher(sql), log }, second);
    expect(await findLeadImport(sql, member.workspaceId, second)).toMatchObject({ status: 'finished', inserted: 0, merged: 0, unchanged: 4, possibleDuplicates: 0, rejected: 3 });
    expect(await leadNames(member.workspaceId)).toEqual(['Austin Pipe Pros', 'Drain Kings', 'Lone Star Plumbing, LLC']);
  });

  it('outlasts a short statement timeout while discovery holds the workspace merge lock: its transactions raise their own', async () => {
    const member = await createMember(sql, { email: 'patient@acme.test', role: 'operator', workspaceName: 'Patient Co' });
    const importId = await uploaded(member, CSV);
    const hurried = createSql(database.url, { applicationName: 'lead-import-hurried', max: 3, statementTimeoutMs: 300 });
    try {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const holding = sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtextextended(${`switchboard.leads:${member.workspaceId}`}, 0))`;
        locked();
        await released;
      });
      await lockTaken;
      const importing = runLeadImport({ sql: hurried, publish: createPublisher(hurried), log }, importId);
      importing.catch(() => release());
      await waitFor(async () => {
        const [waiting] = await sql<{ count: number }[]>`
          select count(*)::int as count from pg_locks
          where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`;
        return (waiting?.count ?? 0) > 0 ? true : undefined;
      }, 'the import to wait for the merge lock');
      // The duration under test: the merge waits past the pool's statement timeout.
      await new Promise((resolve) => setTimeout(resolve, 900));
      release();
      await holding;
      await importing;
      expect(await findLeadImport(sql, member.workspaceId, importId)).toMatchObject({ status: 'finished', inserted: 3 });
    } finally {
      await hurried.end();
    }
  });

  it('fails the import with the reason when the file is refused, and keeps nothing of it', async () => {
    const member = await createMember(sql, { email: 'refused@acme.test', role: 'operator', workspaceName: 'Refused Co' });
    const tooMany = await uploaded(member, `Name,City\n${'A,Austin\n'.repeat(30)}`, { mapping: { name: 0, city: 1 } });
    await runLeadImport({ sql, publish: createPublisher(sql), log }, tooMany, { maxRows: 20, chunkRows: 5 });
    expect(await findLeadImport(sql, member.workspaceId, tooMany)).toMatchObject({ status: 'failed', failure: 'This file has more than 20 rows. Split it into smaller files.' });
    expect(await sql`select 1 from lead_import_rows where import_id = ${tooMany}`).toHaveLength(0);
    expect(await leadNames(member.workspaceId)).toEqual([]);

    const binary = await uploaded(member, 'Name,City\nA,Austin\n\u0000\u0000', { mapping: { name: 0, city: 1 } });
    await runLeadImport({ sql, publish: createPublisher(sql), log }, binary);
    expect((await findLeadImport(sql, member.workspaceId, binary))?.failure).toMatch(/not a CSV/);
  });

  // Rows are merged while the rest of the file is staged only when nothing further on can refuse the file.
  const businesses = (count: number) => Array.from({ length: count }, (_, index) => `"Business ${index}, Inc",Austin`);

  it('refuses a file whose last lines break it (an unclosed quote, a NUL byte, one row too many) before merging any of its rows', async () => {
    const member = await createMember(sql, { email: 'late-refusal@acme.test', role: 'operator', workspaceName: 'Late Refusal Co' });
    const small = { chunkRows: 5, stageRows: 5 };
    const unclosed = await uploaded(member, ['Name,City', ...businesses(40), '"Unclosed, Inc,Austin'].join('\n'), { mapping: { name: 0, city: 1 } });
    await runLeadImport({ sql, publish: createPublisher(sql), log }, unclosed, small);
    expect(await findLeadImport(sql, member.workspaceId, unclosed)).toMatchObject({
      status: 'failed',
      failure: 'This file is not a valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 42',
      inserted: 0,
      merged: 0,
    });

    const nul = await uploaded(member, `${['Name,City', ...businesses(40)].join('\n')}\n\u0000`, { mapping: { name: 0, city: 1 } });
    await runLeadImport({ sql, publish: createPublisher(sql), log }, nul, small);
    expect(await findLeadImport(sql, member.workspaceId, nul)).toMatchObject({ status: 'failed', failure: expect.stringMatching(/not a CSV/), inserted: 0 });

    const tooMany = await uploaded(member, ['Name,City', ...businesses(21)].join('\n'), { mapping: { name: 0, city: 1 } });
    await runLeadImport({ sql, publish: createPublisher(sql), log }, tooMany, { ...small, maxRows: 20 });
    expect(await findLeadImport(sql, member.workspaceId, tooMany)).toMatchObject({ status: 'failed', failure: 'This file has more than 20 rows. Split it into smaller files.' });

    expect(await leadNames(member.workspaceId)).toEqual([]);
    expect(await sql`select 1 from lead_import_rows where import_id in ${sql([unclosed, nul, tooMany])}`).toHaveLength(0);
  });

  it('goes on from the last staged and merged rows after a crash while the file was still being staged, merging each row once', async () => {
    const member = await createMember(sql, { email: 'restaged@acme.test', role: 'operator', workspaceName: 'Restaged Co' });
    // Row 50 is refused, so the counts tell whether the retry read it exactly once.
    const rows = businesses(59).map((line, index) => (index === 48 ? ',Austin' : line));
    const importId = await uploaded(member, ['Name,City', ...rows].join('\n'), { mapping: { name: 0, city: 1 } });
    const limits = { chunkRows: 5, stageRows: 5 };
    // Another session's uncommitted row 50 holds the staging transaction of rows 47-51 until it rolls back.
    let rollBack!: () => void;
    const rolledBack = new Promise<void>((resolve) => (rollBack = resolve));
    let inserted!: () => void;
    const inTheWay = new Promise<void>((resolve) => (inserted = resolve));
    const blocking = sql
      .begin(async (tx) => {
        await tx`insert into lead_import_rows (import_id, row, reasons) values (${importId}, 50, '["in the way"]')`;
        inserted();
        await rolledBack;
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await inTheWay;
    // The worker dies right after the first merged chunk committed, once staging waits at row 50.
    const publish = createPublisher(sql);
    let atCrash: Awaited<ReturnType<typeof findLeadImport>>;
    const dying: Publish = async (workspaceId, topic, payload) => {
      if (topic === 'leads.changed') {
        await waitFor(async () => {
          const [waiting] = await sql<{ count: number }[]>`select count(*)::int as count from pg_locks where locktype = 'transactionid' and not granted`;
          return (waiting?.count ?? 0) > 0 ? true : undefined;
        }, 'staging to wait for row 50');
        atCrash = await findLeadImport(sql, member.workspaceId, importId);
        rollBack();
        throw new Error('worker died');
      }
      await publish(workspaceId, topic, payload);
    };
    await expect(runLeadImport({ sql, publish: dying, log }, importId, limits)).rejects.toThrow('worker died');
    await blocking;
    expect(atCrash).toMatchObject({ stagedAt: null, stagedThroughRow: 46, rowsRead: 45, mergedThroughRow: 6, inserted: 5 });
    // The staging transaction under way when the worker died still committed; nothing after it.
    expect(await findLeadImport(sql, member.workspaceId, importId)).toMatchObject({
      status: 'running',
      stagedAt: null,
      stagedThroughRow: 51,
      rowsRead: 50,
      rejected: 1,
      mergedThroughRow: 6,
      inserted: 5,
    });

    await runLeadImport({ sql, publish, log }, importId, limits);
    expect(await findLeadImport(sql, member.workspaceId, importId)).toMatchObject({ status: 'finished', rowsRead: 59, rejected: 1, inserted: 58, merged: 0, unchanged: 0 });
    expect(await leadNames(member.workspaceId)).toHaveLength(58);
    expect(await sql`select 1 from lead_sources where workspace_id = ${member.workspaceId}`).toHaveLength(58);
    expect(await sql`select row from lead_import_rows where import_id = ${importId}`).toEqual([{ row: 50 }]);
  });
});
