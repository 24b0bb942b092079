// `pnpm db:migrate`: applies pending migrations (Switchboard's and pg-boss's) and exits.
import { secretValues } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createBoss, createSql, exitOnStartupError, loadConfigOrExit, migrate, migrationLevel } from '@switchboard/db';
import { resolveDatabase } from './lib/database.ts';

const config = loadConfigOrExit();
const log = createLogger({ name: 'migrate', level: config.LOG_LEVEL, format: config.LOG_FORMAT, secrets: secretValues(config) });

async function main(): Promise<void> {
  const database = await resolveDatabase(config, log);
  try {
    const sql = createSql(database.url, { applicationName: 'switchboard-migrate', max: 1 });
    try {
      const { applied } = await migrate(sql);
      // Starting a producer installs or upgrades pg-boss's schema, then it stops again.
      const boss = createBoss(database.url, 'producer');
      await boss.start();
      await boss.stop();
      const level = await migrationLevel(sql);
      log.info({ applied, level: level.applied, database: database.description }, applied.length > 0 ? `applied ${applied.length} migration(s)` : 'database is up to date');
    } finally {
      await sql.end();
    }
  } finally {
    await database.stop();
  }
}

main().catch(exitOnStartupError(log, 'Migration'));
