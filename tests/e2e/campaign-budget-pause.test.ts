import { createCalls, createSql, markCallPlaced, moveCall, type Sql } from '@switchboard/db';
import { deliverVapiWebhook, vapiEndOfCallReportBody, type VapiCallObject } from '@switchboard/provider-fakes';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, TEST_PASSWORD, type TestMember } from '../accounts.ts';
import { outreachCampaign } from '../outreach-campaign.ts';
import { launchBrowser, signedInPage } from './browser.ts';
import { startSwitchboard, type RunningSwitchboard } from './server.ts';

// A campaign's page against the real web server and worker: a signed end-of-call report reaches
// /webhooks/vapi, the worker stores its cost, pauses the campaign at its call budget and publishes
// the call's end, and the open campaign page shows the pause with no reload.

const DESKTOP = { width: 1366, height: 900 };
const HMAC = { hmacSecret: 'budget-pause-e2e-hmac-secret-0123456789' };
/** Generous for a shared 2-core machine; the path itself is a NOTIFY and one refetch. */
const LIVE_UPDATE_TIMEOUT_MS = 10_000;

let switchboard: RunningSwitchboard;
let browser: Browser;
let sql: Sql;
let operator: TestMember;

beforeAll(async () => {
  [switchboard, browser] = await Promise.all([startSwitchboard({ env: { VAPI_WEBHOOK_HMAC_SECRET: HMAC.hmacSecret } }), launchBrowser()]);
  sql = createSql(switchboard.databaseUrl, { applicationName: 'e2e-campaign-budget-pause', max: 2 });
  operator = await createMember(sql, { email: 'otto@acme.test', role: 'operator', workspaceName: 'Acme' });
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await switchboard?.stop();
});

describe('a campaign’s page', () => {
  it('shows the call budget pause as soon as the report whose cost reaches the budget is applied, without a reload', async () => {
    const campaign = await outreachCampaign(sql, operator, 'Austin budget');
    await sql`update campaigns set status = 'active', call_budget_usd = 1 where id = ${campaign.campaignId}`;
    // A call the scheduler placed at Vapi: nothing is queued, so the worker's tick has nothing to place.
    const [created] = await createCalls(sql, [
      { workspaceId: operator.workspaceId, campaignId: campaign.campaignId, leadId: campaign.approvedWithEmail[0]!, toNumber: '+15125550100', phoneNumberId: 'pn-e2e', attempt: 1, attemptKey: 'e2e-budget-pause-1', notBefore: new Date() },
    ]);
    const ids = { workspaceId: operator.workspaceId, callId: created!.id };
    await moveCall(sql, { ...ids, event: 'claim', at: new Date() });
    await markCallPlaced(sql, { ...ids, vapiCallId: 'vapi-e2e-budget-pause', vapiStatus: 'in-progress' });

    const page = await signedInPage(browser, { baseUrl: switchboard.baseUrl, email: operator.email, password: TEST_PASSWORD, viewport: DESKTOP });
    await page.goto(`${switchboard.baseUrl}/campaigns/${campaign.campaignId}`);
    await page.getByRole('heading', { name: /^Austin budget/, level: 1 }).getByText('Active').waitFor();
    await page.getByRole('link', { name: 'Pause', exact: true }).waitFor();
    expect(await page.getByTestId('call-budget-notice').count()).toBe(0);
    // Marks this document: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { samePage: true }));

    const now = new Date();
    const vapiCall: VapiCallObject = { id: 'vapi-e2e-budget-pause', orgId: 'org-e2e', type: 'outboundPhoneCall', status: 'in-progress', createdAt: now.toISOString(), updatedAt: now.toISOString(), assistantOverrides: { metadata: { callId: ids.callId } } };
    const response = await deliverVapiWebhook(`${switchboard.baseUrl}/webhooks/vapi`, HMAC, vapiEndOfCallReportBody(vapiCall, { endedReason: 'customer-ended-call', durationSeconds: 30, cost: 1.25, endedAt: now }));
    expect(response.status).toBe(200);

    await page
      .getByTestId('call-budget-notice')
      .getByText('Campaign paused: its call budget of $1.00 is reached ($1.25 spent).', { exact: false })
      .waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await page.getByRole('heading', { name: /^Austin budget/, level: 1 }).getByText('Paused').waitFor();
    // The status buttons follow the new status: resuming is offered, pausing no longer.
    await page.getByRole('link', { name: 'Activate', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Pause', exact: true }).count()).toBe(0);
    expect(await page.evaluate(() => (window as { samePage?: boolean }).samePage)).toBe(true);
    await page.close();
  });
});
