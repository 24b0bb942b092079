import { secretValues, SWITCHBOARD_VERSION } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import {
  createBoss,
  createSql,
  exitOnStartupError,
  loadConfigOrExit,
  migrate,
  onShutdownSignal,
  publicUrl,
  requireDatabaseUrl,
} from '@switchboard/db';
import { emailSenderFor } from './adapters/email/index.ts';
import { startWorker } from './framework/start-worker.ts';
import { startHeartbeat } from './heartbeat.ts';
import { jobs } from './jobs/index.ts';

const config = loadConfigOrExit();
const log = createLogger({ name: 'worker', level: config.LOG_LEVEL, format: config.LOG_FORMAT, secrets: secretValues(config) });

async function main(): Promise<void> {
  const databaseUrl = requireDatabaseUrl(config, 'worker');
  const sql = createSql(databaseUrl, { applicationName: 'switchboard-worker' });
  await migrate(sql);
  const worker = await startWorker({
    sql,
    boss: createBoss(databaseUrl, 'worker'),
    log,
    jobs,
    publicUrl: publicUrl(config),
    email: emailSenderFor(config),
  });
  const heartbeat = startHeartbeat(worker, worker.enqueue, log, { version: SWITCHBOARD_VERSION });

  onShutdownSignal(log, async () => {
    heartbeat.stop();
    await worker.stop(config.WORKER_DRAIN_TIMEOUT_MS);
    await sql.end({ timeout: 5 });
  });
}

main().catch(exitOnStartupError(log, 'The worker'));
