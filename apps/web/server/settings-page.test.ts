import { claimInstanceOwnership, createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let owner: TestMember;
let otherAdmin: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'settings-page-test' });
  web = await startTestWebServer(sql, database.url);
  owner = await createMember(sql, { email: 'owner@one.test', role: 'admin', workspaceName: 'One' });
  await claimInstanceOwnership(sql, owner.userId, true);
  otherAdmin = await createMember(sql, { email: 'admin@two.test', role: 'admin', workspaceName: 'Two' });
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

const page = async (member: TestMember) => (await fetch(`${web.base}/admin/settings`, { headers: { cookie: member.cookie } })).text();

describe('admin settings page', () => {
  it("shows installation-wide settings read-only to an admin who does not own the installation, without another workspace's owner's address", async () => {
    const html = await page(otherAdmin);
    expect(html).toContain('only the instance owner (<!-- -->in another workspace<!-- -->) can change these');
    expect(html).not.toContain('owner@one.test');
    expect(html).not.toContain('name="intent" value="system"');
    expect(html).toMatch(/<input id="system-search_daily_quota"[^>]*\sreadonly/i);
  });

  it('lets the owner edit them', async () => {
    const html = await page(owner);
    expect(html).not.toContain('only the instance owner');
    expect(html).toContain('name="intent" value="system"');
    expect(html).not.toMatch(/<input id="system-search_daily_quota"[^>]*\sreadonly/i);
  });

  it("refuses another admin's change with 403 and the reason", async () => {
    const response = await fetch(`${web.base}/admin/settings?index`, {
      method: 'POST',
      headers: { cookie: otherAdmin.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.base },
      body: new URLSearchParams({ intent: 'system', key: 'search_daily_quota', value: '0' }),
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Only the instance owner can change installation-wide settings.');
  });
});

describe('provider keys page', () => {
  it("labels each field whole, once, without repeating its card's title", async () => {
    const html = await (await fetch(`${web.base}/admin/keys`, { headers: { cookie: owner.cookie } })).text();
    const labels = [...html.matchAll(/<label class="field-label" for="[^"]+">([^<]*)<\/label>/g)].map((match) => match[1]);
    expect(labels).toEqual(expect.arrayContaining(['OpenAI API key', 'Resend API key', 'SMTP URL', 'Vapi API key', 'Google API key', 'Search engine id (cx)']));
    expect(html).not.toMatch(/SMTP SMTP|Google Custom Search Search engine/);
  });
});
