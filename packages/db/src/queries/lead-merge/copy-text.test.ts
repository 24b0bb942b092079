// Rows streamed into a COPY as they are made: batched writes land in order, no rows start no
// statement, and an aborted COPY fails its transaction without leaving the connection stuck.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import type { TestDatabase } from '../../testing/index.ts';
import { COPY_WRITE_CHARS, copyLine, CopyRows } from './copy-text.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'copy-text-test' });
  await sql`create table copied (n int primary key, note text)`;
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('CopyRows', () => {
  it('writes rows added one by one, across several batches, with text that needs escaping', async () => {
    const note = `tab\there, line\nbreak, back\\slash ${'x'.repeat(200)}`;
    const rows = 3 * Math.ceil(COPY_WRITE_CHARS / note.length);
    await sql.begin(async (tx) => {
      const copy = new CopyRows(() => tx`copy copied (n, note) from stdin`);
      for (let n = 1; n <= rows; n += 1) await copy.add(copyLine([n, note]));
      await (await copy.end()).written;
    });
    const [stored] = await sql<{ count: number; notes: number }[]>`select count(*)::int as count, count(distinct note)::int as notes from copied`;
    expect(stored).toEqual({ count: rows, notes: 1 });
    const [first] = await sql<{ note: string }[]>`select note from copied where n = 1`;
    expect(first!.note).toBe(note);
  });

  it('starts no statement when no row is added', async () => {
    let made = 0;
    await sql.begin(async (tx) => {
      const copy = new CopyRows(() => {
        made += 1;
        return tx`copy copied (n, note) from stdin`;
      });
      await (await copy.end()).written;
      expect(await tx`select 1 as one`).toEqual([{ one: 1 }]);
    });
    expect(made).toBe(0);
  });

  it('fails its transaction when aborted mid-way, writes nothing, and leaves the connection usable', async () => {
    await sql`truncate copied`;
    const failure = new Error('deciding the next lead failed');
    await expect(
      sql.begin(async (tx) => {
        const copy = new CopyRows(() => tx`copy copied (n, note) from stdin`);
        await copy.add(copyLine([1, 'first']));
        copy.abort(failure);
        throw failure;
      }),
    ).rejects.toThrow('deciding the next lead failed');
    expect(await sql`select n from copied`).toEqual([]);
    expect(await sql`select 2 as two`).toEqual([{ two: 2 }]);
  });
});
