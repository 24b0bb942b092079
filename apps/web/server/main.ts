import { createSetupToken, REQUEST_STATEMENT_TIMEOUT_MS, SETUP_LINK_TTL_MS } from '@switchboard/api';
import { envKeyKinds, providerStatuses, secretValues } from '@switchboard/core';
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createLogger, logRepeatedErrors } from '@switchboard/core/logging';
import {
  createBoss,
  ensureJobListIndex,
  createJobControl,
  createJobEnqueue,
  createPublisher,
  createSql,
  exitOnStartupError,
  loadConfigOrExit,
  migrate,
  onShutdownSignal,
  publicUrl,
  readQueueCounts,
  requireDatabaseUrl,
} from '@switchboard/db';
import { createWebServer } from './app.ts';

const config = loadConfigOrExit();
const log = createLogger({ name: 'web', level: config.LOG_LEVEL, format: config.LOG_FORMAT, secrets: secretValues(config) });
const dev = process.argv.includes('--dev');
// React and Remix pick their production builds from NODE_ENV, as remix-serve does.
process.env.NODE_ENV ??= dev ? 'development' : 'production';

async function main(): Promise<void> {
  const databaseUrl = requireDatabaseUrl(config, 'web server');
  // Every query this pool runs serves a request: none may hold a connection for long.
  const sql = createSql(databaseUrl, { applicationName: 'switchboard-web', statementTimeoutMs: REQUEST_STATEMENT_TIMEOUT_MS, customPlans: true });
  // /healthz probes on its own connection, so a busy request pool never reads as an outage.
  const healthSql = createSql(databaseUrl, { applicationName: 'switchboard-web-health', max: 1, connectTimeoutS: 2, fetchTypes: false });
  await migrate(sql);
  const boss = createBoss(databaseUrl, 'producer');
  // While the database is down every poll fails alike: one line a minute, /healthz reports the outage.
  boss.on('error', logRepeatedErrors(log, 'queue error'));
  await boss.start();
  // pg-boss has installed (or upgraded) its schema: the Jobs page's index on its job table can be made.
  await ensureJobListIndex(sql);

  const vite = dev
    ? await (await import('vite')).createServer({ root: new URL('..', import.meta.url).pathname, server: { middlewareMode: true } })
    : undefined;
  const server = await createWebServer({
    sql,
    enqueue: createJobEnqueue(boss),
    publish: createPublisher(sql),
    log,
    providers: providerStatuses(config),
    masterKey: config.SWITCHBOARD_SECRET ? deriveMasterKey(config.SWITCHBOARD_SECRET) : null,
    envKeyKinds: envKeyKinds(config),
    vapiPhoneNumberId: config.VAPI_PHONE_NUMBER_ID ?? null,
    allowPrivateHosts: config.SMTP_ALLOW_PRIVATE_HOSTS,
    ...(config.TRUST_PROXY ? { trustProxy: config.TRUST_PROXY } : {}),
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
    allowedHosts: config.ALLOWED_HOSTS,
    resendWebhookSecret: config.RESEND_WEBHOOK_SECRET,
    vapiWebhookSecrets: { hmacSecret: config.VAPI_WEBHOOK_HMAC_SECRET, sharedSecret: config.VAPI_WEBHOOK_SECRET, sandboxHmacSecret: config.SANDBOX_CALL_WEBHOOK_SECRET },
    queueCounts: () => readQueueCounts(sql),
    jobs: createJobControl(boss),
    healthSql,
    ...(vite ? { vite } : {}),
  });
  onShutdownSignal(log, async () => {
    await server.close();
    await boss.stop({ graceful: true, timeout: 5_000 });
    await sql.end({ timeout: 5 });
    await healthSql.end({ timeout: 1 });
  });
  const { port } = await server.listen(config.PORT, config.HOST).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new Error(`port ${config.PORT} is already in use; set PORT to a free port`);
    throw error;
  });
  const url = publicUrl(config, port);
  log.info({ url }, `dashboard ready at ${url}`);
  const setupToken = await createSetupToken(sql);
  // The link itself is a credential: it goes to the console for the person starting Switchboard,
  // never into the log stream.
  if (setupToken) {
    process.stdout.write(
      `\n  First run: create the first admin and workspace at\n\n    ${url}/setup?token=${setupToken}\n\n` +
        `  The link works once, for ${SETUP_LINK_TTL_MS / 60_000} minutes. Restart Switchboard for a new one.\n\n`,
    );
  }
}

main().catch(exitOnStartupError(log, 'The web server'));
