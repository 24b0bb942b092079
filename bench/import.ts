import { createLogger } from '@switchboard/core/logging';
import { guessColumnMapping } from '@switchboard/core/lead-import';
import {
  appendLeadImportChunk,
  beginLeadImportUpload,
  createBoss,
  createPublisher,
  createSql,
  findLeadImport,
  finishLeadImportUpload,
  queueLeadImport,
  type Sql,
} from '@switchboard/db';
import { jobs, runLeadImport, startSwitchboardWorker } from '@switchboard/worker';
import { createMember, type TestMember } from '../tests/accounts.ts';
import { startTestWebServer } from '../tests/web-server.ts';
import { log, round } from './stats.ts';

const CITIES = ['Austin', 'Denver', 'Portland', 'Chicago', 'Boston', 'Seattle', 'Phoenix', 'Atlanta'];
const CATEGORIES = ['Plumber', 'Dentist', 'Bakery', 'Electrician', 'Roofer', 'Florist', 'Accountant', 'Gym'];
const HEADER = ['Company', 'Website', 'Email', 'Phone', 'City', 'Country', 'Category'];
// As the upload stores it.
const PIECE_BYTES = 1024 * 1024;
const silent = createLogger({ name: 'bench-import', level: 'silent', format: 'json' });

/** A CSV like a purchased list: every 20th row (5 %) repeats an earlier business (same domain, other name). */
export function leadCsv(rows: number): string {
  const lines = [HEADER.join(',')];
  for (let row = 0; row < rows; row += 1) {
    const business = row % 20 === 19 ? row - 7 : row;
    const city = CITIES[business % CITIES.length]!;
    const phone = `+1 512 ${String(2_000_000 + business).slice(0, 3)} ${String(business % 10_000).padStart(4, '0')}`;
    lines.push(
      [
        row === business ? `Business ${business} ${CATEGORIES[business % CATEGORIES.length]}` : `Business #${business}`,
        `https://www.business-${business}.example.org/`,
        `hello@business-${business}.example.org`,
        row === business ? phone : '',
        city,
        'US',
        CATEGORIES[business % CATEGORIES.length],
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The same rows with a plain COPY into an empty table: the floor any import of this file stands on. */
async function plainCopySeconds(sql: Sql, csv: string): Promise<number> {
  await sql`create temporary table if not exists bench_plain_copy (company text, website text, email text, phone text, city text, country text, category text)`;
  await sql`truncate bench_plain_copy`;
  const startedAt = performance.now();
  const copy = await sql`copy bench_plain_copy from stdin with (format csv, header true)`.writable();
  await new Promise<void>((resolve, reject) => {
    copy.on('error', reject);
    copy.end(csv, () => resolve());
  });
  return (performance.now() - startedAt) / 1000;
}

/** Leads are copied under new ids that keep their order (the id's version digit changed): the same index positions as the import's. */
const SIBLING_ID = (column: string) => `overlay(${column}::text placing '0' from 15 for 1)::uuid`;

/**
 * The database's own cost of writing the rows an import wrote: the workspace's leads, sources and
 * contacts inserted again, as they are, into a second workspace in one transaction, with every index,
 * check and foreign key of those tables. No import of the same file can write its rows faster; the
 * gap between it and the import is the import's own work (parsing, matching, staging).
 */
async function sameRowsWriteSeconds(sql: Sql, fromWorkspaceId: string): Promise<number> {
  const [{ id: toWorkspaceId }]: [{ id: string }] = await sql`insert into workspaces (name, slug) values ('Bench write floor', ${`bench-floor-${Date.now()}`}) returning id`;
  const columnsOf = async (table: string) =>
    (await sql<{ name: string }[]>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`).map((row) => row.name);
  const copyOf = async (table: string, remap: Record<string, string>) => {
    const columns = await columnsOf(table);
    const values = columns.map((column) => remap[column] ?? column);
    return `insert into ${table} (${columns.join(', ')}) select ${values.join(', ')} from ${table} where workspace_id = '${fromWorkspaceId}'`;
  };
  const workspace = `'${toWorkspaceId}'::uuid`;
  const statements = [
    await copyOf('leads', { id: SIBLING_ID('id'), workspace_id: workspace, possible_duplicate_of: SIBLING_ID('possible_duplicate_of') }),
    await copyOf('lead_sources', { id: SIBLING_ID('id'), lead_id: SIBLING_ID('lead_id'), workspace_id: workspace }),
    await copyOf('lead_contacts', { id: SIBLING_ID('id'), lead_id: SIBLING_ID('lead_id'), workspace_id: workspace }),
  ];
  const startedAt = performance.now();
  await sql.begin(async (tx) => {
    await tx`select set_config('synchronous_commit', 'off', true)`;
    for (const statement of statements) await tx.unsafe(statement);
  });
  return (performance.now() - startedAt) / 1000;
}

async function storedUpload(sql: Sql, member: TestMember, csv: string, fileName: string): Promise<string> {
  const opened = await beginLeadImportUpload(sql, { workspaceId: member.workspaceId, actor: { userId: member.userId, label: member.email, ip: null }, fileName, staleAfterMs: 60_000 });
  if (!opened) throw new Error('the bench member already has an import at work');
  const bytes = Buffer.from(csv);
  for (let seq = 0; seq * PIECE_BYTES < bytes.length; seq += 1) await appendLeadImportChunk(sql, opened.id, seq, bytes.subarray(seq * PIECE_BYTES, (seq + 1) * PIECE_BYTES));
  await finishLeadImportUpload(sql, opened.id);
  return opened.id;
}

async function importedFigures(sql: Sql, member: TestMember, importId: string) {
  const done = await findLeadImport(sql, member.workspaceId, importId);
  if (done?.status !== 'finished') throw new Error(`the bench import ended ${done?.status ?? 'missing'}: ${done?.failure ?? ''}`);
  const [phases]: [{ stageSeconds: number; mergeSeconds: number }?] = await sql`
    select extract(epoch from staged_at - started_at)::float8 as "stageSeconds", extract(epoch from finished_at - staged_at)::float8 as "mergeSeconds"
    from lead_imports where id = ${importId}`;
  return {
    rowsRead: done.rowsRead,
    inserted: done.inserted,
    merged: done.merged,
    rejected: done.rejected,
    parseAndStageSeconds: round(phases?.stageSeconds ?? 0, 2),
    mergeSeconds: round(phases?.mergeSeconds ?? 0, 2),
  };
}

/**
 * The import job's own path on a stored file (parse → COPY into staging → merge) into an empty
 * workspace, beside a plain COPY of the same rows in the same run.
 */
export async function importCorePath(url: string, rows: number) {
  const sql = createSql(url, { applicationName: 'bench-import' });
  try {
    const member = await createMember(sql, { email: 'import-core@bench.test', role: 'operator', workspaceName: 'Bench import core' });
    const csv = leadCsv(rows);
    const copySeconds = await plainCopySeconds(sql, csv);
    const importId = await storedUpload(sql, member, csv, 'bench.csv');
    await queueLeadImport(sql, { workspaceId: member.workspaceId, importId, mapping: guessColumnMapping(HEADER), campaignId: null, defaultCountry: null });
    const startedAt = performance.now();
    await runLeadImport({ sql, publish: createPublisher(sql), log: silent }, importId);
    const seconds = (performance.now() - startedAt) / 1000;
    const figures = await importedFigures(sql, member, importId);
    const writeSeconds = await sameRowsWriteSeconds(sql, member.workspaceId);
    log(`import (core path): ${rows} rows in ${round(seconds, 1)} s (${figures.inserted} new, ${figures.merged} merged); plain COPY ${round(copySeconds, 2)} s; the same leads, sources and contacts written again ${round(writeSeconds, 2)} s`);
    return {
      rows,
      megabytes: round(Buffer.byteLength(csv) / 1024 / 1024, 1),
      seconds: round(seconds, 2),
      ...figures,
      plainCopySeconds: round(copySeconds, 2),
      toPlainCopyRatio: round(seconds / copySeconds, 1),
      sameRowsIntoLeadTablesSeconds: round(writeSeconds, 2),
      toSameRowsRatio: round(seconds / writeSeconds, 1),
    };
  } finally {
    await sql.end();
  }
}

/**
 * Upload to report through the HTTP API: the file POSTed to /leads/import/upload, the import started
 * through tRPC, a worker taking the job from the queue, and the report read back once it finished.
 */
export async function importThroughHttp(url: string, rows: number) {
  const sql = createSql(url, { applicationName: 'bench-import-http' });
  const web = await startTestWebServer(sql, url);
  const worker = await startSwitchboardWorker({ sql, boss: createBoss(url, 'worker', { supervise: false, schedule: false }), log: silent, jobs: jobs.filter((job) => job.queue === 'leads.import') });
  try {
    const member = await createMember(sql, { email: 'import-http@bench.test', role: 'operator', workspaceName: 'Bench import http' });
    const csv = leadCsv(rows);
    const copySeconds = await plainCopySeconds(sql, csv);
    const startedAt = performance.now();
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'bench.csv');
    const uploaded = await fetch(`${web.base}/leads/import/upload`, { method: 'POST', body: form, headers: { cookie: member.cookie }, redirect: 'manual' });
    const importId = /\/leads\/import\/([0-9a-f-]{36})$/.exec(uploaded.headers.get('location') ?? '')?.[1];
    if (uploaded.status !== 303 || !importId) throw new Error(`upload answered ${uploaded.status}: ${await uploaded.text()}`);
    const uploadedAt = performance.now();
    const trpc = (path: string, init: RequestInit = {}) => fetch(`${web.base}/api/trpc/${path}`, { ...init, headers: { cookie: member.cookie, 'content-type': 'application/json' } });
    const started = await trpc('leads.importStart', { method: 'POST', body: JSON.stringify({ importId, mapping: guessColumnMapping(HEADER) }) });
    if (!started.ok) throw new Error(`importStart answered ${started.status}: ${await started.text()}`);
    const input = encodeURIComponent(JSON.stringify({ importId }));
    let status = 'queued';
    while (status === 'queued' || status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = ((await (await trpc(`leads.importGet?input=${input}`)).json()) as { result: { data: { status: string } } }).result.data.status;
    }
    const seconds = (performance.now() - startedAt) / 1000;
    const figures = await importedFigures(sql, member, importId);
    log(`import (HTTP upload to report): ${rows} rows in ${round(seconds, 1)} s (upload ${round((uploadedAt - startedAt) / 1000, 1)} s)`);
    return {
      rows,
      seconds: round(seconds, 2),
      uploadSeconds: round((uploadedAt - startedAt) / 1000, 2),
      ...figures,
      plainCopySeconds: round(copySeconds, 2),
      toPlainCopyRatio: round(seconds / copySeconds, 1),
    };
  } finally {
    await worker.stop(5_000);
    await web.close();
    await sql.end();
  }
}
