// `pnpm doctor`: what Switchboard would run with, and whether its parts are there.
import { providerStatuses, redactConfig, SWITCHBOARD_VERSION } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createSql, getDatabaseInfo, loadConfigOrExit, migrationLevel } from '@switchboard/db';
import { doctorBrowserCheck, findBrowser } from '@switchboard/worker/browser';
import { resolveDatabase } from './lib/database.ts';
import { sandboxCallSecret } from './lib/sandbox-call-secret.ts';

const config = loadConfigOrExit();
// Start-up chatter from the embedded database stays out of the report.
const log = createLogger({ name: 'doctor', level: 'warn', format: 'json' });
const ok = (text: string) => `  ✔ ${text}`;
const bad = (text: string) => `  ✘ ${text}`;
const warn = (text: string) => `  ⚠ ${text}`;
let healthy = true;

console.log(`Switchboard ${SWITCHBOARD_VERSION} on Node ${process.versions.node}\n`);
console.log('Configuration (secrets masked):');
for (const [key, value] of Object.entries(redactConfig(config))) {
  console.log(`  ${key.padEnd(26)} ${value === undefined ? '(unset)' : String(value)}`);
}

// As `pnpm start` runs them: it always turns the sandbox caller on (a process started by hand needs SANDBOX_CALL_WEBHOOK_SECRET for that).
console.log('\nProviders (as pnpm start runs them):');
for (const status of providerStatuses({ ...config, SANDBOX_CALL_WEBHOOK_SECRET: sandboxCallSecret(config) })) {
  console.log(`  ${status.provider.padEnd(8)} ${status.mode.replaceAll('_', ' ').padEnd(16)} ${status.via}`);
}

console.log('\nDatabase:');
try {
  const database = await resolveDatabase(config, log);
  try {
    const sql = createSql(database.url, { applicationName: 'switchboard-doctor', max: 1 });
    try {
      const info = await getDatabaseInfo(sql);
      const level = await migrationLevel(sql);
      console.log(ok(`reachable: ${info.version} (${database.description})`));
      console.log(
        level.pending === 0
          ? ok(`migrations: ${level.applied}/${level.latest} applied`)
          : bad(`migrations: ${level.applied}/${level.latest} applied; run pnpm db:migrate (start-up does it too)`),
      );
    } finally {
      await sql.end();
    }
  } finally {
    await database.stop();
  }
} catch (error) {
  healthy = false;
  console.log(bad(`unreachable: ${error instanceof Error ? error.message : String(error)}`));
}

console.log('\nBrowser for website scraping:');
const browser = doctorBrowserCheck(await findBrowser({ configuredPath: config.PLAYWRIGHT_CHROMIUM_PATH }), config.PLAYWRIGHT_CHROMIUM_PATH);
console.log(browser.severity === 'ok' ? ok(browser.line) : browser.severity === 'warn' ? warn(browser.line) : bad(browser.line));
if (browser.severity === 'fail') healthy = false;

process.exitCode = healthy ? 0 : 1;
