import { capturedLog } from '@switchboard/api/testing';
import { createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

// A client's mistake is one log line without a stack; our own failure keeps its stack.

interface LogLine {
  level: number;
  msg: string;
  method?: string;
  path?: string;
  status?: number;
  err?: { stack?: string };
}

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let operator: TestMember;
const { log, lines } = capturedLog('page-error-log-test');

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'page-error-log-test' });
  web = await startTestWebServer(sql, database.url, { log });
  operator = await createMember(sql, { email: 'operator@logs.test', role: 'operator' });
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

/** The lines logged while `act` ran. */
async function loggedDuring(act: () => Promise<void>): Promise<LogLine[]> {
  const before = lines.length;
  await act();
  return lines.slice(before).map((line) => JSON.parse(line) as LogLine);
}

describe('what the page server logs', () => {
  it('logs a POST to a page without a form as one line, without a stack', async () => {
    const logged = await loggedDuring(async () => {
      const response = await fetch(`${web.base}/analytics`, {
        method: 'POST',
        headers: { cookie: operator.cookie, origin: web.base, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'intent=anything',
      });
      expect(response.status).toBe(405);
      await response.text();
    });
    expect(logged).toEqual([
      expect.objectContaining({ level: 30, method: 'POST', path: '/analytics', status: 405, msg: expect.stringMatching(/^page request refused: You made a POST request to "\/analytics" but did not provide an `action`/) }),
    ]);
    expect(logged.map((line) => JSON.stringify(line)).join('\n')).not.toMatch(/"stack"|\\n\s+at /);
  });

  it('still logs a page that failed on our side with its stack', async () => {
    await sql`alter table campaigns rename to campaigns_away`;
    try {
      const logged = await loggedDuring(async () => {
        const response = await fetch(`${web.base}/campaigns`, { headers: { cookie: operator.cookie } });
        expect(response.status).toBe(500);
        expect(await response.text()).not.toContain('campaigns_away');
      });
      const failed = logged.find((line) => line.msg === 'page request failed');
      expect(failed).toMatchObject({ level: 50, method: 'GET', path: '/campaigns' });
      expect(failed?.err?.stack).toMatch(/\n\s+at /);
    } finally {
      await sql`alter table campaigns_away rename to campaigns`;
    }
  });
});
