// `node bench/import-only.ts`: only the lead import figures (the full `pnpm bench` runs them too).
import { openBenchDatabase } from './database.ts';
import { importCorePath, importThroughHttp } from './import.ts';
import { log } from './stats.ts';

const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

const database = await openBenchDatabase();
try {
  const leadImport = await importCorePath(database.url, IMPORT_ROWS);
  const leadImportHttp = await importThroughHttp(database.url, IMPORT_ROWS);
  const targets = {
    import100kLeadsCorePathUnder8Seconds: IMPORT_ROWS === 100_000 ? leadImport.seconds < 8 : null,
    import100kLeadsUploadToReportUnder10Seconds: IMPORT_ROWS === 100_000 ? leadImportHttp.seconds < 10 : null,
  };
  process.stdout.write(`${JSON.stringify({ leadImport, leadImportHttp, targets }, null, 2)}\n`);
  if (Object.values(targets).includes(false)) process.exitCode = 1;
} finally {
  log('stopping the bench database');
  await database.close();
}
