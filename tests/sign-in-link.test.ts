import { addAllowlistEntry, createSql, findOutboxSecretLink, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from './accounts.ts';
import { deliverAuthLinks } from './auth-link-delivery.ts';
import { createTestDatabase } from './database.ts';
import { startTestWebServer, type TestWebServer } from './web-server.ts';

// Here rather than in apps/web: the web server's queue runs the worker's link job, and apps do not import each other.

const PUBLIC_URL = 'https://switchboard.example.test';
let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let admin: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'sign-in-link-test' });
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceName: 'Acme' });
  // Anyone at acme.test may sign in: each case below asks for its own address's links (5 per address per 15 minutes).
  await addAllowlistEntry(sql, { workspaceId: admin.workspaceId, kind: 'domain', value: 'acme.test', role: 'operator', createdBy: null });
  web = await startTestWebServer(sql, database.url, { enqueue: deliverAuthLinks(sql, PUBLIC_URL) });
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

function postForm(path: string, fields: [string, string][]) {
  return fetch(`${web.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: web.base },
    body: new URLSearchParams(fields),
  });
}

/** The one-time link last emailed to `email`, as the workspace admin reveals it from the sandbox outbox. */
async function emailedLink(email: string, subject: string): Promise<string> {
  const [sent]: [{ id: string }?] = await sql`
    select id from sandbox_outbox where to_address = ${email} and subject = ${subject} order by created_at desc limit 1`;
  const revealed = await findOutboxSecretLink(sql, { outboxId: sent!.id, workspaceId: admin.workspaceId, adminUserId: admin.userId });
  return revealed!.link;
}

/** Asks for a link through the API itself, as any caller can (with any text as next), and returns the emailed token. */
async function linkAskedDirectly(email: string, purpose: 'sign_in' | 'password_reset', next: string): Promise<string> {
  const response = await fetch(`${web.base}/api/trpc/auth.requestLink`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: web.base },
    body: JSON.stringify({ email, purpose, next }),
  });
  expect(response.status).toBe(200);
  const subject = purpose === 'sign_in' ? 'Your Switchboard sign-in link' : 'Set your Switchboard password';
  return /token=([A-Za-z0-9_-]+)/.exec(await emailedLink(email, subject))![1]!;
}

/** Asks for a sign-in link on the sign-in page (with `next` as its form sends it), then opens the emailed link. */
async function signInByEmail(email: string, next: string | null, signInPage = '/sign-in') {
  const asked = await postForm(signInPage, [['email', email], ['intent', 'link'], ...(next === null ? [] : [['next', next] as [string, string]])]);
  expect(asked.status).toBe(200);
  expect((await asked.text()).replaceAll('<!-- -->', '')).toContain('If this address may sign in, a sign-in link is on its way.');
  const link = await emailedLink(email, 'Your Switchboard sign-in link');
  // Only the token travels in the email: the page to return to stays with the link in the database.
  const token = new RegExp(`^${PUBLIC_URL}/auth/link\\?token=([A-Za-z0-9_-]{20,})$`).exec(link)?.[1];
  expect(token, link).toBeDefined();
  const used = await postForm('/auth/link', [['token', token!]]);
  return { token: token!, status: used.status, location: used.headers.get('location'), cookie: used.headers.get('set-cookie') };
}

describe('the emailed sign-in link', () => {
  it('returns a signed-out visit to the page it asked for', async () => {
    const visit = await fetch(`${web.base}/leads/import?from=menu`, { redirect: 'manual' });
    const signInPage = visit.headers.get('location')!;
    expect(signInPage).toBe('/sign-in?next=%2Fleads%2Fimport%3Ffrom%3Dmenu');
    const form = await (await fetch(`${web.base}${signInPage}`)).text();
    expect(form).toContain('name="next" value="/leads/import?from=menu"');

    const used = await signInByEmail('lena@acme.test', '/leads/import?from=menu', signInPage);
    expect([used.status, used.location]).toEqual([302, '/leads/import?from=menu']);
    expect(used.cookie).toMatch(/^sb_session=/);
    const page = await fetch(`${web.base}/leads/import?from=menu`, { redirect: 'manual', headers: { cookie: used.cookie!.split(';')[0]! } });
    expect(page.status).toBe(200);
  });

  it('lands on Campaigns when next is another site, a sign-in page or missing', async () => {
    const cases: [string, string | null][] = [
      ['https-evil@acme.test', 'https://evil.example'],
      ['slashes-evil@acme.test', '//evil.example'],
      ['backslash-evil@acme.test', '/\\evil.example'],
      ['sign-in-loop@acme.test', '/sign-in'],
      ['no-next@acme.test', null],
    ];
    for (const [email, next] of cases) {
      const used = await signInByEmail(email, next);
      expect([next, used.status, used.location]).toEqual([next, 302, '/campaigns']);
    }
  });

  it('lands on Campaigns even when a stored next points elsewhere (checked again on use)', async () => {
    // A caller of the API itself can store any text as next; the link page still only goes to a path on this site.
    const token = await linkAskedDirectly('direct@acme.test', 'sign_in', '//evil.example');
    const used = await postForm('/auth/link', [['token', token]]);
    expect([used.status, used.headers.get('location')]).toEqual([302, '/campaigns']);
  });

  it('still works once only, and a used link’s page offers a new link instead of its button', async () => {
    const { token, location } = await signInByEmail('once@acme.test', '/leads');
    expect(location).toBe('/leads');
    const again = await postForm('/auth/link', [['token', token]]);
    // Answered 200, as sign-in is: the page says why (no failed request in the browser console).
    expect(again.status).toBe(200);
    const page = await again.text();
    expect(page).toContain('This link has expired or was already used. Ask for a new one.');
    expect(page).toContain('Ask for a new sign-in link');
    expect(page).not.toContain('Continue to Switchboard');
  });
});

/** Asks for a password-reset link on /forgot-password (with `next` as its form sends it), then sets a password with the emailed link. */
async function resetByEmail(email: string, next: string | null) {
  const asked = await postForm('/forgot-password', [['email', email], ...(next === null ? [] : [['next', next] as [string, string]])]);
  expect(asked.status).toBe(200);
  const link = await emailedLink(email, 'Set your Switchboard password');
  // Only the token travels in the email, as for a sign-in link.
  const token = new RegExp(`^${PUBLIC_URL}/reset-password\\?token=([A-Za-z0-9_-]{20,})$`).exec(link)?.[1];
  expect(token, link).toBeDefined();
  const reset = await postForm('/reset-password', [['token', token!], ['password', 'a long enough new password']]);
  return { status: reset.status, location: reset.headers.get('location') };
}

describe('the emailed password-reset link', () => {
  it('returns to the page a signed-out visit asked for, through the sign-in page’s "Forgot your password?"', async () => {
    const signInForm = await (await fetch(`${web.base}/sign-in?next=${encodeURIComponent('/leads/import?from=menu')}`)).text();
    expect(signInForm).toContain('href="/forgot-password?next=%2Fleads%2Fimport%3Ffrom%3Dmenu"');
    const forgotForm = await (await fetch(`${web.base}/forgot-password?next=%2Fleads%2Fimport%3Ffrom%3Dmenu`)).text();
    expect(forgotForm).toContain('name="next" value="/leads/import?from=menu"');
    expect(await resetByEmail('back-after-reset@acme.test', '/leads/import?from=menu')).toEqual({ status: 302, location: '/leads/import?from=menu' });
  });

  it('lands on Campaigns when next is another site, a sign-in page or missing', async () => {
    const cases: [string, string | null][] = [
      ['reset-https-evil@acme.test', 'https://evil.example'],
      ['reset-slashes-evil@acme.test', '//evil.example'],
      ['reset-backslash-evil@acme.test', '/\\evil.example'],
      ['reset-loop@acme.test', '/reset-password'],
      ['reset-no-next@acme.test', null],
    ];
    for (const [email, next] of cases) expect([next, await resetByEmail(email, next)]).toEqual([next, { status: 302, location: '/campaigns' }]);
    // A caller of the API itself can store any text as next; the reset page still only goes to a path on this site.
    const token = await linkAskedDirectly('reset-direct@acme.test', 'password_reset', '//evil.example');
    const reset = await postForm('/reset-password', [['token', token], ['password', 'a long enough new password']]);
    expect([reset.status, reset.headers.get('location')]).toEqual([302, '/campaigns']);
    // The forgot-password page does not offer a next it would not follow.
    expect(await (await fetch(`${web.base}/forgot-password?next=%2F%2Fevil.example`)).text()).not.toContain('name="next"');
  });

  it('sets the password and lands on Campaigns', async () => {
    const asked = await postForm('/forgot-password', [['email', 'reset@acme.test']]);
    expect(asked.status).toBe(200);
    const token = /\/reset-password\?token=([A-Za-z0-9_-]+)$/.exec(await emailedLink('reset@acme.test', 'Set your Switchboard password'))![1]!;
    const reset = await postForm('/reset-password', [['token', token], ['password', 'a long enough new password']]);
    expect([reset.status, reset.headers.get('location')]).toEqual([302, '/campaigns']);
    const signIn = await postForm('/sign-in', [['email', 'reset@acme.test'], ['password', 'a long enough new password'], ['intent', 'password']]);
    expect([signIn.status, signIn.headers.get('location')]).toEqual([302, '/campaigns']);
  });
});

describe('asking for a link (or signing in) with an address off the allowlist', () => {
  /** A page's answer as a person (or a script) sees it: status, where it sends them, and the page without its per-response nonce. */
  async function answerTo(path: string, fields: [string, string][]) {
    const response = await postForm(path, fields);
    const body = (await response.text()).replace(/nonce="[^"]*"/g, 'nonce=""');
    return { status: response.status, location: response.headers.get('location'), cookie: response.headers.get('set-cookie'), body };
  }

  it('answers byte for byte as for an allowlisted address, on both link forms, and sends no link', async () => {
    const allowlisted = 'maybe-in@acme.test';
    const stranger = 'maybe-in@elsewhere.test';
    const signIn = (email: string) => answerTo('/sign-in', [['email', email], ['intent', 'link'], ['next', '/leads']]);
    const [asAllowlisted, asStranger] = [await signIn(allowlisted), await signIn(stranger)];
    expect(asAllowlisted.status).toBe(200);
    expect(asAllowlisted.body.replaceAll('<!-- -->', '')).toContain('If this address may sign in, a sign-in link is on its way.');
    // In the sandbox both also say where a sent link lands.
    expect(asAllowlisted.body).toContain('it lands in the admins&#x27; outbox');
    expect(asStranger).toEqual(asAllowlisted);

    const forgot = (email: string) => answerTo('/forgot-password', [['email', email]]);
    const [resetAllowlisted, resetStranger] = [await forgot(allowlisted), await forgot(stranger)];
    expect(resetAllowlisted.body.replaceAll('<!-- -->', '')).toContain('If this address may sign in, a link to set your password is on its way.');
    expect(resetStranger).toEqual(resetAllowlisted);

    // The same through the API itself.
    const direct = async (email: string) => {
      const response = await fetch(`${web.base}/api/trpc/auth.requestLink`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: web.base },
        body: JSON.stringify({ email, purpose: 'sign_in' }),
      });
      return { status: response.status, body: await response.text() };
    };
    expect(await direct(stranger)).toEqual(await direct(allowlisted));

    const sent = await sql`select to_address from sandbox_outbox where to_address in (${allowlisted}, ${stranger})`;
    expect(sent.map((row) => row.to_address as string)).toEqual([allowlisted, allowlisted, allowlisted]);
  });

  it('answers a wrong password as for an address off the allowlist, with 200 and the message (no failed request in the console)', async () => {
    const wrong = (email: string) => answerTo('/sign-in', [['email', email], ['password', 'not the password at all'], ['intent', 'password']]);
    const [asMember, asStranger] = [await wrong(admin.email), await wrong('nobody@elsewhere.test')];
    expect([asMember.status, asMember.location, asMember.cookie]).toEqual([200, null, null]);
    expect(asMember.body).toContain('Email or password is incorrect.');
    // Apart from the address typed, which the form keeps.
    expect(asStranger.body.replaceAll('nobody@elsewhere.test', admin.email)).toBe(asMember.body);
    expect({ ...asStranger, body: '' }).toEqual({ ...asMember, body: '' });
  });

  it('still counts each request for an address off the allowlist as a failed sign-in', async () => {
    const email = 'counted@elsewhere.test';
    for (let request = 0; request < 2; request += 1) await postForm('/sign-in', [['email', email], ['intent', 'link']]);
    const [counted]: [{ failures: number }?] = await sql`
      select count(*)::int as failures from sign_in_attempts where email = ${email} and not succeeded`;
    expect(counted?.failures).toBe(2);
  });
});

describe('the forgot-password and reset-password forms, refused', () => {
  async function page(path: string, fields: [string, string][]) {
    const response = await postForm(path, fields);
    return { status: response.status, location: response.headers.get('location'), body: (await response.text()).replaceAll('<!-- -->', '') };
  }

  it('answer 200 with the message on the page, as sign-in does (no failed request in the console)', async () => {
    const badAddress = await page('/forgot-password', [['email', 'not an address']]);
    expect([badAddress.status, badAddress.location]).toEqual([200, null]);
    expect(badAddress.body).toContain('Enter your email address.');

    const shortPassword = await page('/reset-password', [['token', 'x'.repeat(30)], ['password', 'short']]);
    expect([shortPassword.status, shortPassword.location]).toEqual([200, null]);
    expect(shortPassword.body).toContain('This link has expired or was already used. Ask for a new one.');
    const incomplete = await page('/reset-password', [['token', 'x'], ['password', 'a long enough new password']]);
    expect([incomplete.status, incomplete.body]).toEqual([200, expect.stringContaining('This link is incomplete: open it from the email again.')]);
  });

  it('keep the link limit: the page says so with 200, the API answers 429 with Retry-After', async () => {
    const email = 'keeps-asking@acme.test';
    const answers = [];
    for (let request = 0; request < 6; request += 1) answers.push(await page('/forgot-password', [['email', email]]));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers[5]!.body).toContain('Too many sign-in requests for this address or from your network.');
    expect(answers[5]!.body).not.toContain('a link to set your password is on its way');

    const direct = await fetch(`${web.base}/api/trpc/auth.requestLink`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: web.base },
      body: JSON.stringify({ email, purpose: 'password_reset' }),
    });
    expect([direct.status, Number(direct.headers.get('retry-after')) > 0]).toEqual([429, true]);
    await direct.body?.cancel();
  });
});
