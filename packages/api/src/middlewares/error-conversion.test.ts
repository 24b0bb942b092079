import { createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createCaller } from '../root.ts';
import { publicProcedure } from '../procedures/index.ts';
import { testContext } from '../testing/context.ts';
import { createCallerFactory, router } from '../trpc.ts';

let database: TestDatabase;
let sql: Sql;
let admin: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'error-conversion-test' });
  admin = await createMember(sql, { email: 'admin@acme.test', role: 'admin' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('error conversion', () => {
  it('answers 400, not 500, when the database refuses a value a validator let through', async () => {
    // Every schema refuses NUL now, so a procedure without one stands in for a validator that missed it.
    const unvalidated = router({ store: publicProcedure.query(async ({ ctx }) => ctx.db`select ${'deploy\u0000script'}::text`) });
    await expect(createCallerFactory(unvalidated)(testContext(sql)).store()).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('cannot be stored'),
    });
  });

  it('names the refused field in the message, not the issues as JSON', async () => {
    const caller = createCaller(testContext(sql, { user: { id: admin.userId, email: admin.email, role: 'admin' }, workspace: { id: admin.workspaceId, name: 'Acme', slug: 'acme' } }));
    await expect(caller.tokens.create({ name: 'deploy\u0000script', role: 'viewer' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'name: Cannot contain a NUL character (U+0000).',
    });
  });
});
