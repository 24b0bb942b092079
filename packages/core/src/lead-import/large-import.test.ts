import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { guessColumnMapping } from './fields.ts';
import { LEAD_IMPORT_MAX_ROWS } from './limits.ts';
import { parseLeadCsv, readCsvPreview } from './parse.ts';

const FILE_CHARS = 20 * 1024 * 1024;
// Generous: a parse that does not yield stalls for the whole file (seconds); one that yields stalls
// for a slice of work plus, at worst, a garbage collection on a busy machine.
const MAX_STALL_MS = 1_000;

/** A 20 MB CSV as the import receives it: one flat string (JSON.parse makes flat strings). */
function largeCsv(): { csv: string; rows: number } {
  const lines = ['Company,Website,Email,City,Country'];
  let chars = lines[0]!.length + 1;
  for (let index = 0; chars < FILE_CHARS; index += 1) {
    const line = `Business ${index},https://business-${index}.example.org,info${index}@business-${index}.example.org,Austin,United States of America`;
    lines.push(line);
    chars += line.length + 1;
  }
  return { csv: Buffer.from(lines.join('\n')).toString('utf8'), rows: lines.length - 1 };
}

const RESOLUTION_MS = 10;

/** Resolves once the histogram has recorded `samples` more timer ticks. */
async function ticks(delay: ReturnType<typeof monitorEventLoopDelay>, samples: number): Promise<void> {
  const target = delay.count + samples;
  while (delay.count < target) await setTimeout(RESOLUTION_MS);
}

async function longestStallMs(work: () => Promise<unknown>): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  try {
    // A delay is measured between two ticks: the first tick must come before the work, and one after
    // it, or a parse that never yields would go unmeasured.
    await ticks(delay, 1);
    await work();
    await ticks(delay, 1);
  } finally {
    delay.disable();
  }
  return delay.max / 1e6;
}

describe('a 20 MB import', () => {
  it('never holds the event loop for long while it is read, and reads every row', { timeout: 180_000 }, async () => {
    const { csv, rows } = largeCsv();
    expect(rows).toBeLessThan(LEAD_IMPORT_MAX_ROWS);
    const mapping = guessColumnMapping(['Company', 'Website', 'Email', 'City', 'Country']);

    expect(await longestStallMs(() => readCsvPreview(csv, 5))).toBeLessThan(MAX_STALL_MS);
    let result: Awaited<ReturnType<typeof parseLeadCsv>> | undefined;
    const stall = await longestStallMs(async () => {
      result = await parseLeadCsv(csv, { mapping, sourceRef: 'import:big.csv' });
    });
    expect(result?.rejected).toEqual([]);
    expect(result?.candidates).toHaveLength(rows);
    expect(result?.candidates.at(-1)?.candidate).toMatchObject({ name: `Business ${rows - 1}`, country: 'US', contacts: [{ email: `info${rows - 1}@business-${rows - 1}.example.org` }] });
    expect(stall).toBeLessThan(MAX_STALL_MS);
  });
});
