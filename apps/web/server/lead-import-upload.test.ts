import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '@switchboard/core/logging';
import { createSql, findLeadImport, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

// Small limits, so the caps are proved without sending 200 MB.
const LIMITS = { maxBytes: 64 * 1024, maxRows: 100 };
const BOUNDARY = 'switchboard-test-boundary';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let operator: TestMember;
let viewer: TestMember;
let otherOperator: TestMember;
const logLines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'web-upload-test' });
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  web = await startTestWebServer(sql, database.url, { leadImportLimits: LIMITS, log: createLogger({ name: 'upload-test', level: 'info', format: 'json', destination }) });
  operator = await createMember(sql, { email: 'operator@upload.test', role: 'operator' });
  viewer = await createMember(sql, { email: 'viewer@upload.test', role: 'viewer', workspaceId: operator.workspaceId });
  otherOperator = await createMember(sql, { email: 'operator@other.test', role: 'operator', workspaceName: 'Other Co' });
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

const head = (fileName: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
const tail = `\r\n--${BOUNDARY}--\r\n`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** POSTs a multipart body given as pieces (streamed, chunked: no Content-Length unless `length`). */
function upload(pieces: Iterable<string>, options: { cookie?: string; origin?: string; length?: number } = {}): Promise<Answer & { sent: number }> {
  let sent = 0;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `${web.base}/leads/import/upload`,
      {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(options.origin ? { origin: options.origin } : {}),
          ...(options.length === undefined ? {} : { 'content-length': String(options.length) }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text, sent }));
      },
    );
    // The server may answer and close before the whole body is sent: that is the point of an early refusal.
    outgoing.on('error', (error) => (outgoing.writableEnded ? undefined : reject(error)));
    const iterator = pieces[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        if (outgoing.destroyed) return;
        const next = iterator.next();
        if (next.done) return outgoing.end();
        sent += next.value.length;
        if (!outgoing.write(next.value)) return outgoing.once('drain', pump);
      }
    };
    pump();
  });
}

function* fileBody(fileName: string, csv: string): Iterable<string> {
  yield head(fileName);
  yield csv;
  yield tail;
}

const CSV = 'Company,City\nAustin Pipe Pros,Austin\nLone Star Plumbing,Austin\n';

describe('POST /leads/import/upload', () => {
  it('refuses an anonymous upload (401), one from another site (403) and a viewer (403), storing nothing', async () => {
    expect(await upload(fileBody('a.csv', CSV))).toMatchObject({ status: 401, text: 'Sign in to import leads.' });
    const foreign = await upload(fileBody('a.csv', CSV), { cookie: operator.cookie, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const asViewer = await upload(fileBody('a.csv', CSV), { cookie: viewer.cookie });
    expect(asViewer).toMatchObject({ status: 403, text: expect.stringMatching(/operator role/) });
    expect(await sql`select 1 from lead_imports`).toHaveLength(0);
  });

  it('refuses a file over the size limit by its Content-Length (413), before reading it', async () => {
    const body = [...fileBody('big.csv', `Name,City\n${'x'.repeat(LIMITS.maxBytes * 2)}\n`)].join('');
    const answer = await upload([body], { cookie: operator.cookie, length: Buffer.byteLength(body) });
    expect(answer).toMatchObject({ status: 413, text: 'The file is larger than 64 KB: split it into smaller files.' });
    expect(await sql`select 1 from lead_imports`).toHaveLength(0);
  });

  it('stops a streamed file at the row limit (413) without reading the rest of it', async () => {
    function* endless(): Iterable<string> {
      yield head('endless.csv');
      yield 'Name,City\n';
      for (let row = 0; row < 1_000_000; row += 1) yield `Business ${row},Austin\n`;
    }
    const answer = await upload(endless(), { cookie: operator.cookie });
    expect(answer.status).toBe(413);
    expect(answer.text).toBe('The file has more than 100 rows: split it into smaller files.');
    // Refused long before the million rows (socket buffers let some more through).
    expect(answer.sent).toBeLessThan(5 * 1024 * 1024);
    expect(await sql`select 1 from lead_imports`).toHaveLength(0);
  });

  it('stores the file in the workspace and redirects to its mapping step; a second upload while one is at work gets 429', async () => {
    const answer = await upload(fileBody('plumbers.csv', CSV), { cookie: operator.cookie, origin: web.base });
    expect(answer.status).toBe(303);
    const importId = /^\/leads\/import\/([0-9a-f-]{36})$/.exec(String(answer.headers.location))?.[1];
    expect(importId).toBeDefined();
    expect(await findLeadImport(sql, operator.workspaceId, importId!)).toMatchObject({ status: 'uploaded', fileName: 'plumbers.csv', bytes: Buffer.byteLength(CSV) });
    const stored = await sql<{ bytes: Buffer }[]>`select bytes from lead_import_chunks where import_id = ${importId!} order by seq`;
    expect(Buffer.concat(stored.map((row) => row.bytes)).toString()).toBe(CSV);

    // Not in another workspace: its id looks missing there.
    const input = encodeURIComponent(JSON.stringify({ importId }));
    const fromOther = await fetch(`${web.base}/api/trpc/leads.importGet?input=${input}`, { headers: { cookie: otherOperator.cookie } });
    expect(fromOther.status).toBe(404);
    const own = await fetch(`${web.base}/api/trpc/leads.importGet?input=${input}`, { headers: { cookie: operator.cookie } });
    expect(own.status).toBe(200);
    const preview = ((await own.json()) as { result: { data: { preview: { headers: string[]; mapping: object } } } }).result.data.preview;
    expect(preview).toMatchObject({ headers: ['Company', 'City'], mapping: { name: 0, city: 1 } });

    // Started (queued) imports count as at work: the next upload waits.
    await sql`update lead_imports set status = 'queued' where id = ${importId!}`;
    const busy = await upload(fileBody('more.csv', CSV), { cookie: operator.cookie });
    expect(busy.status).toBe(429);
    expect(busy.headers['retry-after']).toBe('30');
    expect(busy.text).toMatch(/already have an import in progress/);
    // Another person in another workspace is not held up.
    expect((await upload(fileBody('theirs.csv', CSV), { cookie: otherOperator.cookie })).status).toBe(303);
  });

  it('forgets an upload the client cut off, logs it as the client leaving rather than a failure, and takes the next one', async () => {
    const quitter = await createMember(sql, { email: 'quitter@upload.test', role: 'operator', workspaceId: operator.workspaceId });
    const imports = () => sql<{ status: string }[]>`select status from lead_imports where created_by = ${quitter.userId}`;
    const outgoing = httpRequest(`${web.base}/leads/import/upload`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: quitter.cookie },
    });
    outgoing.on('error', () => undefined);
    outgoing.write(head('cut.csv') + CSV);
    await expect.poll(async () => (await imports()).map((row) => row.status)).toEqual(['uploading']);
    outgoing.destroy();
    await expect.poll(() => logLines.some((line) => line.includes('client left before the request was read'))).toBe(true);
    await expect.poll(async () => (await imports()).filter((row) => row.status === 'uploading')).toEqual([]);
    expect(logLines.filter((line) => line.includes('"level":50'))).toEqual([]);
    expect((await upload(fileBody('again.csv', CSV), { cookie: quitter.cookie })).status).toBe(303);
  });

  it('refuses a body that is not a multipart form, and a form without a file, in words', async () => {
    const plain = await fetch(`${web.base}/leads/import/upload`, { method: 'POST', headers: { cookie: viewer.cookie, 'content-type': 'text/csv' }, body: CSV });
    expect(plain.status).toBe(415);
    const noFile = await upload([`--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello${tail}`], { cookie: otherOperator.cookie });
    expect(noFile).toMatchObject({ status: 400, text: 'Choose a CSV file to import.' });
  });
});
