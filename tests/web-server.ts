import { parseConfig, providerStatuses } from '@switchboard/core';
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import { createBoss, createJobControl, createJobEnqueue, createPublisher, readQueueCounts, type PgBoss, type Sql } from '@switchboard/db';
import { createWebServer, type WebServer, type WebServerOptions } from '../apps/web/server/app.ts';

export interface TestWebServer {
  base: string;
  server: WebServer;
  boss: PgBoss;
  close(): Promise<void>;
}

/** The real web server (tRPC, Socket.IO, pages from the production build) on a free port; `enqueue` replaces its queue (a test's failing one), `log` its silent logger. */
export async function startTestWebServer(sql: Sql, databaseUrl: string, options: Pick<WebServerOptions, 'trustProxy' | 'publicUrl' | 'allowedHosts' | 'leadImportLimits' | 'resendWebhookSecret' | 'vapiWebhookSecrets'> & Partial<Pick<WebServerOptions, 'enqueue' | 'log'>> = {}): Promise<TestWebServer> {
  const boss = createBoss(databaseUrl, 'producer');
  await boss.start();
  const server = await createWebServer({
    sql,
    publish: createPublisher(sql),
    log: createLogger({ name: 'test-web', level: 'silent', format: 'json' }),
    providers: providerStatuses(parseConfig({})),
    masterKey: deriveMasterKey('test-master-secret-for-switchboard-tests'),
    envKeyKinds: [],
    queueCounts: () => readQueueCounts(sql),
    jobs: createJobControl(boss),
    ...options,
    enqueue: options.enqueue ?? createJobEnqueue(boss),
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
