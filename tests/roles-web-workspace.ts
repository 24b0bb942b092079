import { createSql, type Sql } from '@switchboard/db';
import { createMember, type TestMember } from './accounts.ts';
import { createTestDatabase } from './database.ts';
import { startTestWebServer, type TestWebServer } from './web-server.ts';

// Apart from web-server.ts, which the benchmarks import outside vitest (database.ts needs its inject).

export interface RolesWebWorkspace {
  sql: Sql;
  web: TestWebServer;
  /** An admin, an operator and a viewer of one new workspace. */
  members: Record<'admin' | 'operator' | 'viewer', TestMember>;
  /** Stops the server, ends the pool and drops the database (for afterAll). */
  close(): Promise<void>;
}

/** This test file's own database and web server, with one member of each role in a new workspace. */
export async function openRolesWebWorkspace(
  applicationName: string,
  input: { workspaceName: string; emails: Record<'admin' | 'operator' | 'viewer', string> },
): Promise<RolesWebWorkspace> {
  const database = await createTestDatabase();
  const sql = createSql(database.url, { applicationName });
  const web = await startTestWebServer(sql, database.url);
  const admin = await createMember(sql, { email: input.emails.admin, role: 'admin', workspaceName: input.workspaceName });
  const operator = await createMember(sql, { email: input.emails.operator, role: 'operator', workspaceId: admin.workspaceId });
  const viewer = await createMember(sql, { email: input.emails.viewer, role: 'viewer', workspaceId: admin.workspaceId });
  return {
    sql,
    web,
    members: { admin, operator, viewer },
    close: async () => {
      await web.close();
      await sql.end();
      await database.drop();
    },
  };
}
