import { isSuppressedBy, type SuppressionValue } from '@switchboard/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import { createRecordingSql, explainAnalyze, type TestDatabase } from '../testing/index.ts';
import { addSuppression, estimateSuppressionCount, EXACT_SUPPRESSION_COUNT_UP_TO, importSuppressions, listSuppressions, removeSuppression, suppressedAddresses } from './suppressions.ts';
import { createWorkspace } from './workspaces.ts';

let database: TestDatabase;
let sql: Sql;
let acme: string;
let globex: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'suppressions-test' });
  acme = (await createWorkspace(sql, { name: 'Acme', slug: 'acme' })).id;
  globex = (await createWorkspace(sql, { name: 'Globex', slug: 'globex' })).id;
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('suppressions', () => {
  it('adds an entry once: a second add finds the first and keeps its source', async () => {
    const first = await addSuppression(sql, { workspaceId: acme, kind: 'email', value: 'jane@acme.com', source: 'unsubscribe' });
    const again = await addSuppression(sql, { workspaceId: acme, kind: 'email', value: 'jane@acme.com', source: 'manual', reason: 'typed' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.suppression).toMatchObject({ id: first.suppression.id, source: 'unsubscribe', reason: null });
    const racing = await Promise.all(
      [1, 2, 3, 4].map(() => addSuppression(sql, { workspaceId: acme, kind: 'email', value: 'race@acme.com', source: 'bounce' })),
    );
    expect(racing.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(racing.map((result) => result.suppression.id)).size).toBe(1);
  });

  it('suppresses an address by its exact entry or its domain, only in the workspace that listed it', async () => {
    await addSuppression(sql, { workspaceId: acme, kind: 'domain', value: 'globex.com', source: 'manual' });
    await addSuppression(sql, { workspaceId: globex, kind: 'email', value: 'bob@initech.com', source: 'complaint' });
    const found = await suppressedAddresses(sql, acme, [
      'Jane@ACME.com',
      'other@acme.com',
      'anyone@globex.com',
      'someone@mail.globex.com',
      'bob@initech.com',
      'globex.com@evil.test',
    ]);
    expect([...found].sort()).toEqual(['anyone@globex.com', 'jane@acme.com']);
    expect([...(await suppressedAddresses(sql, globex, ['bob@initech.com', 'jane@acme.com']))]).toEqual(['bob@initech.com']);
    expect(await suppressedAddresses(sql, acme, [])).toEqual(new Set());
  });

  it('refuses a value that is not normalised, whoever writes it', async () => {
    await expect(addSuppression(sql, { workspaceId: acme, kind: 'email', value: 'Upper@Acme.com', source: 'manual' })).rejects.toThrow(/check/);
    await expect(addSuppression(sql, { workspaceId: acme, kind: 'domain', value: 'a@acme.com', source: 'manual' })).rejects.toThrow(/check/);
  });

  it('imports many entries in one statement, counting only the new ones', async () => {
    const result = await importSuppressions(sql, {
      workspaceId: acme,
      source: 'import',
      createdBy: null,
      entries: [
        { kind: 'email', value: 'jane@acme.com', reason: null },
        { kind: 'email', value: 'new1@acme.com', reason: 'from the old tool' },
        { kind: 'domain', value: 'initech.com', reason: null },
        { kind: 'domain', value: 'initech.com', reason: null },
      ],
    });
    expect(result).toEqual({ added: 2 });
    const [row] = await listSuppressions(sql, { workspaceId: acme, search: 'new1', sort: 'newest', limit: 10 });
    expect(row).toMatchObject({ value: 'new1@acme.com', source: 'import', reason: 'from the old tool' });
  });

  it('pages the list by keyset in either order, with search and source filters', async () => {
    const workspaceId = (await createWorkspace(sql, { name: 'Paging', slug: 'paging' })).id;
    const values = ['d@x.com', 'a@x.com', 'c@x.com', 'b@x.com', 'e@y.com'];
    for (const value of values) {
      await addSuppression(sql, { workspaceId, kind: 'email', value, source: value === 'e@y.com' ? 'bounce' : 'manual' });
      // Ids are ordered by the millisecond they were made in: two made in one millisecond have no order between them.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const walk = async (sort: 'newest' | 'value', search?: string) => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await listSuppressions(sql, { workspaceId, sort, limit: 2, ...(search ? { search } : {}), ...(after ? { after } : {}) });
        seen.push(...page.map((row) => row.value));
        if (page.length < 2) return seen;
        after = page.at(-1)!.id;
      }
    };
    expect(await walk('newest')).toEqual([...values].reverse());
    expect(await walk('value')).toEqual([...values].sort());
    expect(await walk('value', '@X.')).toEqual(['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com']);
    expect(await walk('value', '%')).toEqual([]);
    expect((await listSuppressions(sql, { workspaceId, sort: 'newest', source: 'bounce', limit: 10 })).map((row) => row.value)).toEqual(['e@y.com']);
  });

  it('counts the list exactly up to the cap, and past it says the size is an estimate, without counting every entry', async () => {
    const workspaceId = (await createWorkspace(sql, { name: 'Counted', slug: 'counted' })).id;
    const entries = (from: number, count: number) =>
      Array.from({ length: count }, (_, index) => ({ kind: 'email' as const, value: `person${from + index}@counted.example`, reason: null }));
    await importSuppressions(sql, { workspaceId, source: 'import', createdBy: null, entries: entries(0, EXACT_SUPPRESSION_COUNT_UP_TO) });
    expect(await estimateSuppressionCount(sql, workspaceId)).toEqual({ count: EXACT_SUPPRESSION_COUNT_UP_TO, exact: true });
    await importSuppressions(sql, { workspaceId, source: 'import', createdBy: null, entries: entries(EXACT_SUPPRESSION_COUNT_UP_TO, 1) });
    const past = await estimateSuppressionCount(sql, workspaceId);
    expect(past.exact).toBe(false);
    expect(past.count).toBeGreaterThan(EXACT_SUPPRESSION_COUNT_UP_TO);
    // Another workspace's list is not counted in.
    expect(await estimateSuppressionCount(sql, globex)).toMatchObject({ exact: true });
  });

  it('removes an entry only from its own workspace', async () => {
    const { suppression } = await addSuppression(sql, { workspaceId: globex, kind: 'email', value: 'keep@globex.com', source: 'manual' });
    expect(await removeSuppression(sql, acme, suppression.id)).toBeNull();
    expect((await removeSuppression(sql, globex, suppression.id))?.value).toBe('keep@globex.com');
    expect(await suppressedAddresses(sql, globex, ['keep@globex.com'])).toEqual(new Set());
  });

  it('answers the send-time check with index lookups, not a scan of the list', async () => {
    const workspaceId = (await createWorkspace(sql, { name: 'Big', slug: 'big' })).id;
    await sql`
      insert into suppressions (workspace_id, kind, value, source)
      select ${workspaceId}, 'email', 'person' || n || '@example' || (n % 500) || '.com', 'import' from generate_series(1, 20000) n`;
    await sql`analyze suppressions`;
    const recording = createRecordingSql(database.url);
    try {
      const found = await suppressedAddresses(recording.sql, workspaceId, ['person7@example7.com', 'nobody@example.com']);
      expect([...found]).toEqual(['person7@example7.com']);
      const plan = (await explainAnalyze(sql, recording.statements.at(-1)!)).join('\n');
      expect(plan).toMatch(/Index (Only )?Scan on suppressions_(workspace_id_kind_value_key|value_idx)/);
      expect(plan).not.toMatch(/Seq Scan on suppressions/);
    } finally {
      await recording.sql.end();
    }
  });

  it("agrees with core's isSuppressedBy for any mix of entries and recipients", async () => {
    const locals = ['jane', 'bob', 'x.y'];
    const domains = ['acme.com', 'mail.acme.com', 'globex.io'];
    const entry = fc.oneof(
      fc.record({ kind: fc.constant('email' as const), value: fc.constantFrom(...locals.flatMap((local) => domains.map((domain) => `${local}@${domain}`))) }),
      fc.record({ kind: fc.constant('domain' as const), value: fc.constantFrom(...domains) }),
    );
    const recipient = fc
      .tuple(fc.constantFrom(...locals), fc.constantFrom(...domains), fc.boolean())
      .map(([local, domain, shout]) => (shout ? `${local}@${domain}`.toUpperCase() : `${local}@${domain}`));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(entry, { selector: (item) => `${item.kind}:${item.value}`, maxLength: 6 }), fc.array(recipient, { maxLength: 8 }), async (entries, recipients) => {
        run += 1;
        const workspaceId = (await createWorkspace(sql, { name: `Property ${run}`, slug: `property-${run}` })).id;
        for (const item of entries) await addSuppression(sql, { workspaceId, ...item, source: 'manual' });
        const found = await suppressedAddresses(sql, workspaceId, recipients);
        const expected = new Set(recipients.filter((address) => isSuppressedBy(entries as SuppressionValue[], address)).map((address) => address.toLowerCase()));
        expect(found).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});
