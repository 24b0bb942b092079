// A producer process, as a worker is: publishes `leads.changed` events into one workspace at a steady
// rate through the same publisher the worker uses, then prints one JSON line and exits.
// Usage: node bench/event-publisher.ts <database url> <workspace id> <events per second> <seconds>
import { createPublisher, createSql } from '@switchboard/db';

const PUBLISH_TICK_MS = 2;

const [databaseUrl, workspaceId, rateArgument, secondsArgument] = process.argv.slice(2);
const eventsPerSecond = Number(rateArgument);
const total = eventsPerSecond * Number(secondsArgument);
if (!databaseUrl || !workspaceId || !(total > 0)) throw new Error('usage: event-publisher.ts <database url> <workspace id> <events per second> <seconds>');

const sql = createSql(databaseUrl, { applicationName: 'bench-publisher' });
const publish = createPublisher(sql);
const failures: unknown[] = [];
const publishing: Promise<void>[] = [];
const cpuBefore = process.cpuUsage();
const startedAt = performance.now();
let sent = 0;
// Due events go out each tick without waiting for the previous NOTIFY, as a worker's concurrent jobs publish.
while (sent < total) {
  const due = Math.min(total, Math.floor(((performance.now() - startedAt) / 1000) * eventsPerSecond) + 1);
  for (; sent < due; sent += 1) {
    // `count` carries the sequence number, so each client can say which events it got.
    publishing.push(publish(workspaceId, 'leads.changed', { campaignId: null, count: sent }).catch((error: unknown) => void failures.push(error)));
  }
  await new Promise((resolve) => setTimeout(resolve, PUBLISH_TICK_MS));
}
await Promise.all(publishing);
const seconds = (performance.now() - startedAt) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await sql.end();
process.stdout.write(`${JSON.stringify({ sent: total - failures.length, seconds, cpuMs: Math.round((cpu.user + cpu.system) / 1000), failures: failures.length, firstFailure: failures[0] instanceof Error ? failures[0].message : null })}\n`);
