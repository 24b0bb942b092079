import type { Role } from '@switchboard/core';
import { createSql, type Sql } from '@switchboard/db';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createCaller } from '../root.ts';
import { testContext } from './context.ts';

// Not in testing/index.ts: tests/accounts.ts imports that index, and this file imports tests/accounts.ts.

export interface TestWorkspace {
  sql: Sql;
  /** olive@acme.test, an operator of the new workspace "Acme". */
  operator: TestMember;
  /** Ends the pool and drops the database (for afterAll). */
  close(): Promise<void>;
}

/** This test file's own database (cloned from the migrated template) with one operator in workspace "Acme". */
export async function openTestWorkspace(applicationName: string): Promise<TestWorkspace> {
  const database = await createTestDatabase();
  const sql = createSql(database.url, { applicationName });
  const operator = await createMember(sql, { email: 'olive@acme.test', role: 'operator', workspaceName: 'Acme' });
  return {
    sql,
    operator,
    close: async () => {
      await sql.end();
      await database.drop();
    },
  };
}

/** A tRPC caller acting as `member` with `role` in the member's workspace; `overrides` go to the test context. */
export function callerAs(sql: Sql, member: TestMember, role: Role, overrides: Parameters<typeof testContext>[1] = {}) {
  return createCaller(
    testContext(sql, {
      user: { id: member.userId, email: member.email, role },
      workspace: { id: member.workspaceId, name: 'Acme', slug: 'acme' },
      ...overrides,
    }),
  );
}
