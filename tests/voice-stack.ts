import { createBoss, createJobEnqueue, createSql, type JobEnqueue, type PgBoss, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { startVapiFake, type VapiFake } from '@switchboard/provider-fakes';
import { createTestDatabase } from './database.ts';
import { cleanEnv, startWorkerProcess, type RunningProcess } from './processes.ts';
import { startTestWebServer, type TestWebServer } from './web-server.ts';

/** What the voice tests with real worker processes run against: a database, the web server taking signed Vapi webhooks, and the Vapi fake posting them. */
export interface VoiceStack {
  database: TestDatabase;
  sql: Sql;
  web: TestWebServer;
  vapi: VapiFake;
  /** A producer's queue handle, to enqueue a tick as the cron would. */
  enqueue: JobEnqueue;
  /**
   * Starts the real worker (its entry point, as `pnpm start` runs it) placing calls at the fake from
   * `phoneNumberId`; live calls unchanged for `staleAfterMs` are asked about (instead of 15 min).
   */
  startWorker(): Promise<RunningProcess>;
  /** SIGKILLs every worker still running, then stops and drops the rest. */
  close(): Promise<void>;
}

export async function startVoiceStack(options: { name: string; hmacSecret: string; phoneNumberId: string; staleAfterMs: number }): Promise<VoiceStack> {
  const hmac = { hmacSecret: options.hmacSecret };
  const database = await createTestDatabase();
  const sql = createSql(database.url, { applicationName: options.name });
  const web = await startTestWebServer(sql, database.url, { vapiWebhookSecrets: hmac });
  const vapi = await startVapiFake();
  vapi.setServer(`${web.base}/webhooks/vapi`, hmac);
  const boss: PgBoss = createBoss(database.url, 'producer');
  await boss.start();
  const workers: RunningProcess[] = [];
  return {
    database,
    sql,
    web,
    vapi,
    enqueue: createJobEnqueue(boss),
    async startWorker() {
      const worker = await startWorkerProcess(
        sql,
        cleanEnv({
          DATABASE_URL: database.url,
          LOG_FORMAT: 'json',
          LOG_LEVEL: 'warn',
          SWITCHBOARD_SECRET: 'voice-test-master-secret-0123456789',
          PUBLIC_URL: 'https://switchboard.example',
          VAPI_API_KEY: vapi.apiKey,
          VAPI_BASE_URL: vapi.baseUrl,
          VAPI_PHONE_NUMBER_ID: options.phoneNumberId,
          CALL_STALE_AFTER_MS: String(options.staleAfterMs),
          PLAYWRIGHT_CHROMIUM_PATH: '/nonexistent/chromium',
        }),
        60_000,
      );
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) {
        if (worker.child.exitCode === null && worker.child.signalCode === null) {
          worker.child.kill('SIGKILL');
          await worker.exited;
        }
      }
      await boss.stop({ graceful: false, close: true });
      await vapi.close();
      await web.close();
      await sql.end();
      await database.drop();
    },
  };
}
