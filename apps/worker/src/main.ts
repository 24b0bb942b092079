import { envKeyFields, providerStatuses, secretValues, SWITCHBOARD_VERSION } from '@switchboard/core';
import { SCRAPER_USER_AGENT } from '@switchboard/core/discovery';
import { deriveMasterKey, keyFingerprint } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import {
  createBoss,
  createKeyResolver,
  createSql,
  exitOnStartupError,
  forgetStaleEnvironmentKeyTests,
  loadConfigOrExit,
  migrate,
  onShutdownSignal,
  publicUrl,
  requireDatabaseUrl,
} from '@switchboard/db';
import { aiWriterSettingsFrom } from './adapters/ai-writer/index.ts';
import { emailSenderFor } from './adapters/email/index.ts';
import { describeBrowser, findBrowserOnce } from './adapters/scraper/index.ts';
import { createDiscoveryServices } from './discovery/services.ts';
import { startSwitchboardWorker } from './worker.ts';
import { startHeartbeat } from './heartbeat.ts';
import { jobs } from './jobs/index.ts';
import { deriveUnsubscribeKey } from '@switchboard/core/suppression';

const config = loadConfigOrExit();
const log = createLogger({ name: 'worker', level: config.LOG_LEVEL, format: config.LOG_FORMAT, secrets: secretValues(config) });

async function main(): Promise<void> {
  const databaseUrl = requireDatabaseUrl(config, 'worker');
  const sql = createSql(databaseUrl, { applicationName: 'switchboard-worker' });
  await migrate(sql);
  const masterKey = config.SWITCHBOARD_SECRET ? deriveMasterKey(config.SWITCHBOARD_SECRET) : null;
  const environmentKeys = envKeyFields(config);
  const providerKey = createKeyResolver(sql, masterKey, environmentKeys);
  // A test result about a key this environment no longer holds would wrongly mark its successor failed.
  await forgetStaleEnvironmentKeyTests(
    sql,
    Object.fromEntries(Object.entries(environmentKeys).map(([kind, fields]) => [kind, keyFingerprint(kind, fields as Record<string, string>)])),
  );
  const baseUrls = {
    openai: config.OPENAI_BASE_URL,
    resend: config.RESEND_BASE_URL,
    vapi: config.VAPI_BASE_URL,
    search: config.GOOGLE_SEARCH_BASE_URL,
    places: config.GOOGLE_PLACES_BASE_URL,
  };
  const discovery = createDiscoveryServices({
    providerKey,
    baseUrls,
    chromiumPath: config.PLAYWRIGHT_CHROMIUM_PATH,
    userAgent: SCRAPER_USER_AGENT(SWITCHBOARD_VERSION, publicUrl(config)),
    log,
  });
  const worker = await startSwitchboardWorker({
    sql,
    boss: createBoss(databaseUrl, 'worker'),
    log,
    jobs,
    publicUrl: publicUrl(config),
    email: emailSenderFor(config),
    masterKey,
    unsubscribeKey: masterKey ? deriveUnsubscribeKey(masterKey) : null,
    emailFrom: config.EMAIL_FROM,
    providerKey,
    baseUrls,
    ai: aiWriterSettingsFrom(config),
    keyCheck: { smtpAllowPrivateHosts: config.SMTP_ALLOW_PRIVATE_HOSTS },
    stuckSendingMs: config.EMAIL_STUCK_SENDING_MS,
    callStaleAfterMs: config.CALL_STALE_AFTER_MS,
    // Signed with the secret the web server is given too, posted to its /webhooks/vapi.
    sandboxCaller: config.SANDBOX_CALL_WEBHOOK_SECRET
      ? { webhookUrl: `${publicUrl(config)}/webhooks/vapi`, hmacSecret: config.SANDBOX_CALL_WEBHOOK_SECRET, timeScale: config.SANDBOX_CALL_TIME_SCALE, seed: config.SANDBOX_CALL_SEED }
      : null,
    // Always on: it acts only on campaign emails the sandbox outbox took, that is, where no live provider is configured.
    sandboxRecipient: { seed: config.SANDBOX_EMAIL_SEED, timeScale: config.SANDBOX_EMAIL_TIME_SCALE },
    discovery,
  });
  let browser: string | undefined;
  const heartbeat = startHeartbeat(worker, worker.enqueue, log, {
    version: SWITCHBOARD_VERSION,
    browser: () => browser,
    // What this worker's environment configures: the System page shows it, since the worker makes the calls.
    providers: providerStatuses(config),
  });
  // In the background: unpacking the bundled Chromium takes a few seconds the queues need not wait for.
  void findBrowserOnce(config.PLAYWRIGHT_CHROMIUM_PATH).then((lookup) => {
    browser = describeBrowser(lookup);
    if (lookup.found) log.info({ chromiumPath: lookup.path, source: lookup.source }, `browser for website scraping: ${browser}`);
    else log.warn({ problem: lookup.problem }, 'no browser for website scraping: discovery keeps leads from search and listings, websites are not scraped');
  });

  onShutdownSignal(log, async () => {
    heartbeat.stop();
    await worker.stop(config.WORKER_DRAIN_TIMEOUT_MS);
    await discovery.close();
    await sql.end({ timeout: 5 });
  });
}

main().catch(exitOnStartupError(log, 'The worker'));
