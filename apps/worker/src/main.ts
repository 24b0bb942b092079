import { envKeyFields, secretValues, SWITCHBOARD_VERSION } from '@switchboard/core';
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import {
  createBoss,
  createKeyResolver,
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
    providerKey: createKeyResolver(sql, config.SWITCHBOARD_SECRET ? deriveMasterKey(config.SWITCHBOARD_SECRET) : null, envKeyFields(config)),
    baseUrls: { openai: config.OPENAI_BASE_URL, resend: config.RESEND_BASE_URL, vapi: config.VAPI_BASE_URL, search: config.GOOGLE_SEARCH_BASE_URL },
  });
  const heartbeat = startHeartbeat(worker, worker.enqueue, log, { version: SWITCHBOARD_VERSION });

  onShutdownSignal(log, async () => {
    heartbeat.stop();
    await worker.stop(config.WORKER_DRAIN_TIMEOUT_MS);
    await sql.end({ timeout: 5 });
  });
}

main().catch(exitOnStartupError(log, 'The worker'));
