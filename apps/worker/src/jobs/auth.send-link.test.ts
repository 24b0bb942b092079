import type { JobCatalog } from '@switchboard/core/jobs';
import { hashToken } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import { consumeOneTimeLink, createBoss, createSql, findOutboxSecretLink, listOutboxForAdmin, type OutboxEmail, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import type { RunningWorker } from '../framework/start-worker.ts';
import { startSwitchboardWorker } from '../worker.ts';
import { sendAuthLinkJob } from './auth.send-link.ts';

let database: TestDatabase;
let sql: Sql;
let worker: RunningWorker<JobCatalog>;
let admin: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'send-link-test' });
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceName: 'Acme' });
  worker = await startSwitchboardWorker({
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
  it('emails a working one-time link to the sandbox outbox, masked there and readable by the workspace admin', async () => {
    await worker.enqueue('auth.send-link', { email: 'olive@acme.test', purpose: 'sign_in', workspaceIds: [admin.workspaceId] });
    const scope = { workspaceId: admin.workspaceId, adminUserId: admin.userId };
    let outbox: OutboxEmail[] = [];
    for (let attempt = 0; attempt < 100 && outbox.length === 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      outbox = await listOutboxForAdmin(sql, { ...scope, limit: 5 });
    }
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ to: 'olive@acme.test', subject: 'Your Switchboard sign-in link', hasSecretLink: true });
    expect(outbox[0]!.bodyText).not.toContain('token=');
    expect(outbox[0]!.bodyText).toContain('[one-time link hidden');
    const revealed = await findOutboxSecretLink(sql, { ...scope, outboxId: outbox[0]!.id });
    const token = /^https:\/\/switchboard\.example\.test\/auth\/link\?token=([A-Za-z0-9_-]+)$/.exec(revealed?.link ?? '')?.[1];
    expect(token).toBeDefined();
    expect(await consumeOneTimeLink(sql, hashToken(token!), 'sign_in')).toEqual({ email: 'olive@acme.test', nextPath: null });
  });
});
