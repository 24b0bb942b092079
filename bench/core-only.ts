import { openBenchDatabase } from './database.ts';
import { importCorePath } from './import.ts';
const database = await openBenchDatabase();
try {
  const r = await importCorePath(database.url, 100_000);
  console.log(JSON.stringify({ seconds: r.seconds, floor: r.sameRowsIntoLeadTablesSeconds, stage: r.parseAndStageSeconds, merge: r.mergeSeconds }));
} finally { await database.close(); }
