import { guessColumnMapping, parseLeadCsv } from '@switchboard/core/lead-import';
import { availableSlug, createSql, createWorkspace, mergeLeadCandidates } from '@switchboard/db';
import { log, round } from './stats.ts';

const CITIES = ['Austin', 'Denver', 'Portland', 'Chicago', 'Boston', 'Seattle', 'Phoenix', 'Atlanta'];
const CATEGORIES = ['Plumber', 'Dentist', 'Bakery', 'Electrician', 'Roofer', 'Florist', 'Accountant', 'Gym'];
// Each import batch is one transaction: big enough to amortise round trips, small enough to keep locks short.
const IMPORT_BATCH_ROWS = 5_000;

/** A CSV like a purchased list: every 20th row repeats an earlier business (same domain, other name). */
export function leadCsv(rows: number): string {
  const lines = ['Company,Website,Email,Phone,City,Country,Category'];
  for (let row = 0; row < rows; row += 1) {
    const business = row % 20 === 19 ? row - 7 : row;
    const city = CITIES[business % CITIES.length]!;
    const phone = `+1 512 ${String(2_000_000 + business).slice(0, 3)} ${String(business % 10_000).padStart(4, '0')}`;
    lines.push(
      [
        row === business ? `Business ${business} ${CATEGORIES[business % CATEGORIES.length]}` : `Business #${business}`,
        `https://www.business-${business}.example.org/`,
        `hello@business-${business}.example.org`,
        row === business ? phone : '',
        city,
        'US',
        CATEGORIES[business % CATEGORIES.length],
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** 100,000 CSV rows parsed, validated, deduplicated and merged into an empty workspace. */
export async function importThroughput(url: string, rows: number) {
  const sql = createSql(url, { applicationName: 'bench-import' });
  try {
    const workspace = await createWorkspace(sql, { name: 'Bench import', slug: await availableSlug(sql, 'Bench import') });
    const csv = leadCsv(rows);
    const startedAt = performance.now();
    const header = csv.slice(0, csv.indexOf('\n')).split(',');
    const parsed = await parseLeadCsv(csv, { mapping: guessColumnMapping(header), sourceRef: 'bench.csv' });
    const parsedAt = performance.now();
    let inserted = 0;
    let merged = 0;
    for (let start = 0; start < parsed.candidates.length; start += IMPORT_BATCH_ROWS) {
      const batch = parsed.candidates.slice(start, start + IMPORT_BATCH_ROWS).map((entry) => entry.candidate);
      const result = await mergeLeadCandidates(sql, { workspaceId: workspace.id, campaignId: null, candidates: batch });
      inserted += result.inserted;
      merged += result.merged;
    }
    const seconds = (performance.now() - startedAt) / 1000;
    log(`import: ${rows} rows in ${round(seconds, 1)} s (${inserted} new, ${merged} merged)`);
    return {
      rows,
      seconds: round(seconds, 2),
      parseSeconds: round((parsedAt - startedAt) / 1000, 2),
      rowsPerSecond: round(rows / seconds, 0),
      inserted,
      merged,
      rejected: parsed.rejected.length,
    };
  } finally {
    await sql.end();
  }
}
