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
    log(`import (core path): ${rows} rows in ${round(seconds, 1)} s (${figures.inserted} new, ${figures.merged} merged); plain COPY ${round(copySeconds, 2)} s`);
    return { rows, megabytes: round(Buffer.byteLength(csv) / 1024 / 1024, 1), seconds: round(seconds, 2), ...figures, plainCopySeconds: round(copySeconds, 2), toPlainCopyRatio: round(seconds / copySeconds, 1) };
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
