import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { LiveEvent } from '@switchboard/core';
import { createSql, listenEvents } from '@switchboard/db';
import { findFreePort } from '@switchboard/db/embedded';
import { io as connect, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { createMember } from '../tests/accounts.ts';
import { cleanEnv, startProcess, waitForHttp, type RunningProcess } from '../tests/processes.ts';
import { log, percentile, round } from './stats.ts';

// How long events still in flight when publishing stops may take to arrive before they count as lost.
const DELIVERY_GRACE_MS = 10_000;

const ZPublisherReport = z.object({ sent: z.number(), seconds: z.number(), cpuMs: z.number(), failures: z.number(), firstFailure: z.string().nullable() });

interface WebProcess {
  name: string;
  process: RunningProcess;
  client: Socket;
  latenciesMs: number[];
  /** Sequence numbers received, to count losses and duplicates. */
  received: Set<number>;
  duplicates: number;
}

/**
 * publish() → Socket.IO client across a cluster: two real web server processes (apps/web/server/main.ts)
 * on one database with a signed-in client on each, and a producer process publishing at a steady rate
 * as a worker does. Every event must reach both clients, each through its own process's LISTEN.
 */
export async function liveEventsAcrossWebProcesses(url: string, eventsPerSecond: number, seconds: number) {
  const sql = createSql(url, { applicationName: 'bench-cluster', max: 2 });
  const member = await createMember(sql, { email: 'cluster@bench.test', role: 'viewer', workspaceName: 'Bench cluster' });
  const processes: WebProcess[] = [];
  try {
    for (const name of ['web-a', 'web-b']) processes.push(await startWebProcess(name, url, member.cookie, member.workspaceId));
    // The database's own delivery, measured beside the clients, tells Postgres's share of the latency from the web processes'.
    const listenerLatenciesMs: number[] = [];
    const listener = await listenEvents(sql, (event) => {
      if (event.topic === 'leads.changed' && event.workspaceId === member.workspaceId) listenerLatenciesMs.push(Date.now() - event.publishedAt);
    });
    const cpuBefore = processes.map((web) => cpuMs(web.process.child.pid));
    // Context for the latency: on a shared machine other work takes the cores these processes wait for.
    const loadAverage1m = round(loadavg()[0]!, 1);
    const clientsCpuBefore = process.cpuUsage();

    const publisher = startProcess('bench/event-publisher.ts', cleanEnv(), [url, member.workspaceId, String(eventsPerSecond), String(seconds)]);
    const exitCode = await publisher.exited;
    const report = ZPublisherReport.safeParse(JSON.parse(publisher.output().trim().split('\n').at(-1) ?? 'null'));
    if (exitCode !== 0 || !report.success) throw new Error(`the event publisher failed (${exitCode}):\n${publisher.output()}`);
    if (report.data.failures > 0) throw new Error(`${report.data.failures} publishes failed, the first: ${report.data.firstFailure}`);
    const total = eventsPerSecond * seconds;

    const deadline = Date.now() + DELIVERY_GRACE_MS;
    while (processes.some((web) => web.received.size < total) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await listener.close();
    const cpuAfter = processes.map((web) => cpuMs(web.process.child.pid));
    const clientsCpu = process.cpuUsage(clientsCpuBefore);
    log(`live events over two web processes: ${total} events published in ${round(report.data.seconds, 2)} s`);
    return {
      events: total,
      eventsPerSecondTarget: eventsPerSecond,
      eventsPerSecondPublished: round(total / report.data.seconds, 0),
      loadAverage1m,
      // Where the CPU went, as a check on a busy machine: the producer, and this process (both clients and the listener).
      cpuMs: { publisher: report.data.cpuMs, clients: Math.round((clientsCpu.user + clientsCpu.system) / 1000) },
      databaseListener: { received: listenerLatenciesMs.length, p50Ms: round(percentile(listenerLatenciesMs, 50)), p95Ms: round(percentile(listenerLatenciesMs, 95)) },
      processes: Object.fromEntries(
        processes.map((web, index) => [
          web.name,
          {
            sent: total,
            received: web.received.size,
            duplicates: web.duplicates,
            p50Ms: round(percentile(web.latenciesMs, 50)),
            p95Ms: round(percentile(web.latenciesMs, 95)),
            maxMs: round(Math.max(...web.latenciesMs)),
            cpuMs: cpuAfter[index]! - cpuBefore[index]!,
          },
        ]),
      ),
    };
  } finally {
    for (const web of processes) web.client.disconnect();
    for (const web of processes) web.process.child.kill('SIGTERM');
    await Promise.all(processes.map((web) => web.process.exited));
    await sql.end();
  }
}

async function startWebProcess(name: string, databaseUrl: string, cookie: string, workspaceId: string): Promise<WebProcess> {
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const running = startProcess('apps/web/server/main.ts', cleanEnv({ DATABASE_URL: databaseUrl, PORT: String(port), LOG_FORMAT: 'json', LOG_LEVEL: 'warn' }));
  try {
    await waitForHttp(`${base}/readyz`, (response) => response.status === 200, 60_000);
  } catch (error) {
    running.child.kill('SIGTERM');
    throw new Error(`${name} did not become ready:\n${running.output()}`, { cause: error });
  }
  const client = connect(base, { transports: ['websocket'], extraHeaders: { cookie } });
  const web: WebProcess = { name, process: running, client, latenciesMs: [], received: new Set(), duplicates: 0 };
  client.on('event', (event: LiveEvent) => {
    if (event.topic !== 'leads.changed' || event.workspaceId !== workspaceId) return;
    const sequence = (event as LiveEvent<'leads.changed'>).payload.count;
    if (web.received.has(sequence)) web.duplicates += 1;
    web.received.add(sequence);
    web.latenciesMs.push(Date.now() - event.publishedAt);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      // 'rooms' comes once the server has joined this socket to its workspace's room; events before it would be lost.
      client.once('rooms', () => resolve());
      client.once('connect_error', (error) => reject(new Error(`the bench client of ${name} could not connect: ${error.message}`)));
    });
  } catch (error) {
    client.disconnect();
    running.child.kill('SIGTERM');
    throw error;
  }
  return web;
}

/** CPU time (user + system) a process has used so far, from /proc (Linux; 0 elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    // After the command name (which may hold spaces), utime and stime are the 12th and 13th fields, in 10 ms ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
