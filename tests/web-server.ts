import { parseConfig, providerStatuses } from '@switchboard/core';
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import { createBoss, createJobEnqueue, createPublisher, createSql, readQueueCounts, type PgBoss, type Sql } from '@switchboard/db';
import { createWebServer, type WebServer, type WebServerOptions } from '../apps/web/server/app.ts';
import { createMember, type TestMember } from './accounts.ts';
import { createTestDatabase } from './database.ts';

export interface TestWebServer {
  base: string;
  server: WebServer;
  boss: PgBoss;
  close(): Promise<void>;
}

/** The real web server (tRPC, Socket.IO, pages from the production build) on a free port. */
export async function startTestWebServer(sql: Sql, databaseUrl: string, options: Pick<WebServerOptions, 'trustProxy' | 'publicUrl' | 'allowedHosts' | 'leadImportLimits'> = {}): Promise<TestWebServer> {
  const boss = createBoss(databaseUrl, 'producer');
  await boss.start();
  const server = await createWebServer({
    sql,
    enqueue: createJobEnqueue(boss),
    publish: createPublisher(sql),
    log: createLogger({ name: 'test-web', level: 'silent', format: 'json' }),
    providers: providerStatuses(parseConfig({})),
    masterKey: deriveMasterKey('test-master-secret-for-switchboard-tests'),
    envKeyKinds: [],
    queueCounts: () => readQueueCounts(sql),
    ...options,
  });
  const { port } = await server.listen(0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${port}`,
    server,
    boss,
    async close() {
      await server.close();
      await boss.stop();
    },
  };
}

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
