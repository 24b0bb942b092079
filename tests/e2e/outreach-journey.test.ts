import { defaultSequence, type SequenceStep } from '@switchboard/core';
import { createSql, type Sql } from '@switchboard/db';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, TEST_PASSWORD, type TestMember } from '../accounts.ts';
import { outreachCampaign, type OutreachCampaign } from '../outreach-campaign.ts';
import { launchBrowser } from './browser.ts';
import { layoutProblems, screenshotFor } from './overflow.ts';
import { startSwitchboard, type RunningSwitchboard } from './server.ts';

// The email outreach journey against the real web server and worker (sandbox email): a mailbox made
// in the form, a sequence built in the editor, a preview with a real lead, a confirmed start, the
// board and a lead's timeline moving as the worker sends, and the sent email in the sandbox outbox.

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let switchboard: RunningSwitchboard;
let browser: Browser;
let sql: Sql;
let admin: TestMember;
let campaign: OutreachCampaign;

beforeAll(async () => {
  // The sandbox recipient fifty times faster than real time: each email's outcome within a second or two.
  [switchboard, browser] = await Promise.all([startSwitchboard({ env: { SANDBOX_EMAIL_TIME_SCALE: '0.02' } }), launchBrowser()]);
  sql = createSql(switchboard.databaseUrl, { applicationName: 'e2e-outreach-journey', max: 2 });
  // An admin: admins add mailboxes, operators build sequences and start outreach.
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceName: 'Acme' });
  // Two approved leads with an address (and one without): what discovery and review would have left.
  campaign = await outreachCampaign(sql, admin, 'Austin plumbers outreach');
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await switchboard?.stop();
});

async function signedInPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(15_000);
  await page.goto(`${switchboard.baseUrl}/campaigns`);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  return page;
}

describe('email outreach journey', () => {
  it('goes from a new mailbox and an edited sequence to a sent email in the sandbox outbox, live, at 1366 px and usable at 390 px', async () => {
    const page = await signedInPage(DESKTOP);
    const outreachUrl = `${switchboard.baseUrl}/campaigns/${campaign.campaignId}/outreach`;

    // A mailbox that may send at any hour of any day, so the worker sends at once.
    await page.goto(`${switchboard.baseUrl}/mailboxes`);
    await page.getByLabel('From name').fill('Ann at Acme');
    await page.getByLabel('From address').fill('ann@acme.test');
    for (const day of ['Sat', 'Sun']) await page.getByRole('checkbox', { name: day }).check();
    await page.getByLabel('From', { exact: true }).fill('00:00');
    await page.getByLabel('Until').fill('00:00');
    await page.getByLabel('Per minute').fill('5');
    await page.getByLabel('Per hour').fill('30');
    await page.getByLabel('Per day').fill('100');
    await page.getByLabel('Postal address').fill('1 Main St, Austin TX 78701');
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    await page.getByTestId('mailbox-ann@acme.test').waitFor();
    // The form is empty again for the next mailbox, not still showing the one just added.
    expect(await page.getByLabel('From name').inputValue()).toBe('');
    expect(await page.getByLabel('From address').inputValue()).toBe('');

    // The sequence: the default's last follow-up removed, a wait added, moved up and removed again,
    // a broken template refused at its step, then a clean one saved as version 1.
    await page.goto(outreachUrl);
    await page.getByRole('heading', { name: 'Outreach', level: 1 }).waitFor();
    const steps = page.locator('.sequence-steps > li');
    expect(await steps.count()).toBe(7);
    for (const number of [7, 6, 5]) {
      await page.getByRole('button', { name: `Remove step ${number}` }).click();
      await page.getByRole('status').filter({ hasText: 'Not saved yet' }).waitFor();
      await expect.poll(() => steps.count()).toBe(number - 1);
    }
    await page.getByLabel('New step').selectOption('wait');
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByTestId('step-wait-2').waitFor();
    expect(await steps.nth(4).getAttribute('data-testid')).toBe('step-wait-2');
    await page.getByRole('button', { name: 'Move step 5 up' }).click();
    await expect.poll(() => steps.nth(3).getAttribute('data-testid')).toBe('step-wait-2');
    // Keyboard focus follows the moved step, so its buttons can be pressed again.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Step 4 · Wait');
    await page.getByRole('button', { name: 'Remove step 4' }).click();
    await expect.poll(() => steps.count()).toBe(4);
    const firstStep = page.getByTestId('step-first-email');
    // The sandbox AI writer would rewrite the subject: the template alone is sent.
    await firstStep.getByLabel('Let AI personalise the subject and opening lines').uncheck();
    await firstStep.getByRole('textbox', { name: 'Subject' }).fill('A question for {{ lead.name }');
    await page.getByRole('button', { name: 'Save sequence' }).click();
    await firstStep.locator('.field-error').waitFor();
    await firstStep.getByRole('textbox', { name: 'Subject' }).fill('A question for {{ lead.name }}');
    await page.getByRole('button', { name: 'Save sequence' }).click();
    await page.getByText('Sequence version 1.').waitFor();
    expect(await steps.evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')))).toEqual(['step-first-email', 'step-wait-1', 'step-if-replied-1', 'step-follow-up-1']);

    // The preview renders the saved subject with a real lead's name.
    const preview = page.getByRole('region', { name: 'Preview with real leads' });
    await preview.getByText(/A question for austin-plumbers-outreach business \d/).first().waitFor();

    // Send from the new mailbox, then start: the confirmation says how many first emails go out over how long,
    // and that the follow-up may come after the wait, only while the lead has not replied.
    await page.getByRole('checkbox', { name: /ann@acme\.test/ }).check();
    // The save must land before Start is opened, or the confirmation may count the mailboxes before it.
    const saved = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname.includes('/outreach'));
    await page.getByRole('button', { name: 'Save mailboxes' }).click();
    expect((await saved).ok()).toBe(true);
    await page.getByRole('link', { name: 'Start outreach' }).click();
    const confirmation = page.getByRole('alertdialog');
    await confirmation.getByTestId('start-detail').waitFor();
    expect(await confirmation.getByTestId('start-detail').locator('strong').textContent()).toMatch(/^Send 2 first emails from 1 mailbox over about .+\.$/);
    await confirmation.getByText(/^Then at most 2 more emails \(up to 1 per lead\), after the sequence's waits and only while the lead has not replied, bounced or unsubscribed;.* about 3 business days after the first\.$/).waitFor();
    await confirmation.getByText('2 approved leads with an email address join the sequence (2 email steps).').waitFor();
    await screenshotFor(page, 'outreach-journey-confirm-1366');
    await confirmation.getByRole('button', { name: 'Start: 2 leads' }).click();
    // Start redirects back to the page without the confirmation; only after that may nothing navigate.
    await page.waitForURL((url) => !url.searchParams.has('confirm'));

    // The worker plans and sends the first email to both leads; the board shows it without a reload.
    const firstEmailSent = page.getByTestId('board-first-email').locator('td').nth(2);
    await page.getByTestId('enrolment-counts').getByText('2 active').waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    await firstEmailSent.filter({ hasText: /^2$/ }).waitFor({ timeout: 45_000 });
    expect(navigations).toEqual([]);

    // A lead's row opens its timeline: the first email, sent from the new mailbox.
    const leads = page.getByTestId('enrolled-leads');
    await leads.getByRole('link').first().click();
    const timeline = page.getByTestId('campaign-lead-timeline');
    const sent = timeline.getByTestId('timeline-send-first-email');
    await sent.getByText('Sent', { exact: true }).first().waitFor();
    await sent.getByText(/from ann@acme\.test/).waitFor();
    await screenshotFor(page, 'outreach-journey-board-1366');

    // The sandbox outbox has the email, with its unsubscribe headers and its HTML in a sandboxed frame.
    await page.goto(`${switchboard.baseUrl}/outbox`);
    await page.getByRole('heading', { name: 'Sandbox outbox', level: 1 }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByRole('link', { name: /^A question for austin-plumbers-outreach business/ }).first().click();
    const headers = page.getByTestId('email-headers');
    await headers.getByText('List-Unsubscribe', { exact: true }).waitFor();
    expect(await headers.getByText(/^<http:\/\/127\.0\.0\.1:\d+\/u\/[^>]+>/).count()).toBe(1);
    await headers.getByText('List-Unsubscribe-Post', { exact: true }).waitFor();
    await headers.getByText('List-Unsubscribe=One-Click').waitFor();
    await headers.getByText('Message-ID', { exact: true }).waitFor();
    const frame = page.locator('iframe.email-frame');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await page.frameLocator('iframe.email-frame').getByText(/Unsubscribe/).first().waitFor();
    await page.getByTestId('email-text').getByText(/Unsubscribe: http/).waitFor();
    const emailUrl = page.url();
    await screenshotFor(page, 'outreach-journey-email-1366');
    await page.close();

    // The worker's sandbox recipient gives each sent email exactly one outcome, applied as a Resend event is.
    const outcomes = () => sql<{ outcomes: number; events: number }[]>`
      select (delivered_at is not null)::int + (bounced_at is not null)::int + (complained_at is not null)::int as outcomes,
             (select count(*)::int from email_webhook_events e where e.provider_event_id like 'sandbox:' || s.id || ':%' and e.processed_at is not null) as events
      from sends s where s.campaign_id = ${campaign.campaignId} and s.status = 'sent'`;
    await expect.poll(async () => (await outcomes()).map((row) => row.outcomes), { timeout: 15_000 }).toEqual([1, 1]);
    expect((await outcomes()).every((row) => row.events >= 1)).toBe(true);

    // The same pages on a phone: nothing sticks out of its card and nothing scrolls sideways.
    const phone = await signedInPage(PHONE);
    const leadId = campaign.approvedWithEmail[0]!;
    for (const [path, ready] of [
      [`/campaigns/${campaign.campaignId}/outreach?lead=${leadId}`, 'campaign-lead-timeline'],
      [`/leads/${leadId}`, 'lead-timeline'],
      ['/outbox', null],
      [new URL(emailUrl).pathname, 'email-headers'],
    ] as const) {
      await phone.goto(`${switchboard.baseUrl}${path}`);
      if (ready) await phone.getByTestId(ready).waitFor();
      else await phone.getByRole('heading', { level: 1 }).first().waitFor();
      await screenshotFor(phone, `outreach-journey-390${path.replace(/[/?=]/g, '-')}`);
      expect(await layoutProblems(phone), `${path} at 390 px`).toEqual([]);
    }
    await phone.getByTestId('email-headers').getByText('List-Unsubscribe', { exact: true }).waitFor();
    // Each header's value goes under its name on a phone, the card's whole width, not squeezed beside "List-Unsubscribe-Post".
    const values = await phone.getByTestId('email-headers').locator('dd').evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().width));
    expect(Math.min(...values)).toBeGreaterThan(280);
    await phone.close();
  }, 150_000);
});

/** The editor's form fields for `steps` (emails and waits), saved from `version`, as a browser without JavaScript posts them. */
function sequenceForm(steps: SequenceStep[], version: number): URLSearchParams {
  const fields = new URLSearchParams([['intent', 'save-sequence'], ['sequenceVersion', String(version)]]);
  steps.forEach((step, index) => {
    fields.append(`step.${index}.id`, step.id);
    fields.append(`step.${index}.type`, step.type);
    if (step.type === 'email') {
      fields.append(`step.${index}.subject`, step.subject);
      fields.append(`step.${index}.body`, step.body);
    } else if (step.type === 'wait') fields.append(`step.${index}.businessDays`, String(step.businessDays));
  });
  return fields;
}

describe('two people editing one sequence', () => {
  it('keeps what one types in its step while the other’s saves show live, and asks before replacing a step the other changed', async () => {
    const shared = await outreachCampaign(sql, admin, 'Round Rock plumbers outreach');
    const otto = await createMember(sql, { email: 'otto@acme.test', role: 'operator', workspaceId: admin.workspaceId });
    const path = `/campaigns/${shared.campaignId}/outreach`;
    /** Otto saves from another browser (the page's own form post, through the API, which announces it). */
    const ottoSaves = async (steps: SequenceStep[], version: number) => {
      const response = await fetch(`${switchboard.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: otto.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: switchboard.baseUrl },
        body: sequenceForm(steps, version),
      });
      expect(response.status).toBe(302);
    };
    const defaults = defaultSequence().steps;
    const first = { ...defaults[0]!, aiPersonalise: false } as SequenceStep;
    const followUp = defaults[3]!;
    const inserted: SequenceStep = { id: 'wait-9', type: 'wait', businessDays: 2 };
    await ottoSaves([first, followUp], 0);

    const page = await signedInPage(DESKTOP);
    // The page reloads its data once its socket connects: after that, only the live event brings Otto's save.
    const connected = page.waitForResponse((response) => new URL(response.url()).pathname === `${path}.data`);
    await page.goto(`${switchboard.baseUrl}${path}`);
    await page.getByText('Sequence version 1.').waitFor();
    await connected;
    const steps = page.locator('.sequence-steps > li');
    const body = page.getByTestId('step-follow-up-1').getByRole('textbox', { name: 'Body' });
    const typed = `${followUp.type === 'email' ? followUp.body : ''}\nP.S. Typed while Otto saved.`;
    await body.fill(typed);

    // Otto inserts a wait before step 2: it shows, and the text typed stays in the step it was typed in, still focused.
    await ottoSaves([first, inserted, followUp], 1);
    await page.getByText('Sequence version 2.').waitFor();
    expect(await steps.evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')))).toEqual(['step-first-email', 'step-wait-9', 'step-follow-up-1']);
    expect(await body.inputValue()).toBe(typed);
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-testid'))).toBe('step-follow-up-1');
    await page.getByTestId('sequence-saved-elsewhere').getByText('Someone else saved this sequence (version 2) since you opened it: their steps are shown, and what you typed stays in its step.').waitFor();
    // Otto's wait did not touch that step: saving keeps both.
    await page.getByRole('button', { name: 'Save sequence' }).click();
    await page.getByText('Sequence version 3.').waitFor();
    const [merged]: [{ sequence: { steps: { id: string; body?: string }[] } }?] = await sql`select sequence from campaigns where id = ${shared.campaignId}`;
    expect(merged?.sequence.steps.map((step) => step.id)).toEqual(['first-email', 'wait-9', 'follow-up-1']);
    expect(merged?.sequence.steps[2]?.body).toBe(typed);

    // Otto changes the subject being typed: the page keeps it, marks the step, and saving asks first.
    const subject = page.getByTestId('step-first-email').getByRole('textbox', { name: 'Subject' });
    await subject.fill('Mine: a question for {{ lead.name }}');
    await ottoSaves([{ ...first, subject: 'Otto’s subject' } as SequenceStep, inserted, { ...followUp, body: typed } as SequenceStep], 3);
    await page.getByTestId('step-conflict-first-email').waitFor();
    expect(await subject.inputValue()).toBe('Mine: a question for {{ lead.name }}');
    await page.getByRole('button', { name: 'Save sequence' }).click();
    await page.getByText(/Someone else saved this sequence since you opened it: you edited version 3, it is now version 4\./).waitFor();
    expect(await subject.inputValue()).toBe('Mine: a question for {{ lead.name }}');
    await page.getByRole('button', { name: 'Save sequence' }).click();
    await page.getByText('Sequence version 5.').waitFor();
    const [replaced]: [{ sequence: { steps: { subject?: string }[] } }?] = await sql`select sequence from campaigns where id = ${shared.campaignId}`;
    expect(replaced?.sequence.steps[0]?.subject).toBe('Mine: a question for {{ lead.name }}');
    await page.close();
  }, 60_000);
});
