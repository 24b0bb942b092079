import { hashToken } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import { consumeOneTimeLink, createBoss, createSql, listOutbox, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { startWorker, type RunningWorker } from '../framework/start-worker.ts';
import type { CatalogOf } from '../framework/define-job.ts';
import { sendAuthLinkJob } from './auth.send-link.ts';

let database: TestDatabase;
let sql: Sql;
let worker: RunningWorker<CatalogOf<[typeof sendAuthLinkJob]>>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'send-link-test' });
  worker = await startWorker({
    sql,
    boss: createBoss(database.url, 'worker', { supervise: false, schedule: false }),
    log: createLogger({ name: 'send-link-test', level: 'silent', format: 'json' }),
    jobs: [sendAuthLinkJob],
    publicUrl: 'https://switchboard.example.test',
  });
});

afterAll(async () => {
  await worker.stop(1_000);
  await sql.end();
  await database.drop();
});

describe('auth.send-link', () => {
  it('emails a working one-time link (to the sandbox outbox here)', async () => {
    await worker.enqueue('auth.send-link', { email: 'olive@acme.test', purpose: 'sign_in' });
    let outbox = await listOutbox(sql, 5);
    for (let attempt = 0; attempt < 100 && outbox.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      outbox = await listOutbox(sql, 5);
    }
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ to: 'olive@acme.test', subject: 'Your Switchboard sign-in link' });
    const token = /https:\/\/switchboard\.example\.test\/auth\/link\?token=([A-Za-z0-9_-]+)/.exec(outbox[0]!.bodyText)?.[1];
    expect(token).toBeDefined();
    expect(await consumeOneTimeLink(sql, hashToken(token!), 'sign_in')).toEqual({ email: 'olive@acme.test' });
  });
});
