import type { SequenceInput } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import {
  addSuppression,
  claimSendForSending,
  createCampaign,
  createSql,
  enrolApprovedLeads,
  findSend,
  findSendScreenshot,
  markFormSubmitStarted,
  mergeLeadCandidates,
  recoverStuckSends,
  setCampaignSequence,
  setCampaignStatus,
  transitionLeads,
  type Sql,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { startSandboxWorld, type SandboxSite, type SandboxWorld } from '@switchboard/sandbox-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { sandboxAiWriter } from '../adapters/ai-writer/index.ts';
import { sandboxEmail } from '../adapters/email/index.ts';
import { createDiscoveryServices, type DiscoveryServices } from '../discovery/services.ts';
import { outreachSubmitFormsJob } from '../jobs/outreach.submit-forms.ts';
import type { WorkerJobContext } from '../services.ts';
import { scheduleDueEnrolments } from './schedule-enrolments.ts';
import { submitFormSend, type FormSubmitServices } from './submit-form.ts';

const log = createLogger({ name: 'submit-form-test', level: 'silent', format: 'json' });
const SEQUENCE: SequenceInput = {
  steps: [
    {
      id: 'form',
      type: 'contact_form',
      senderName: 'Ann Lee',
      senderEmail: 'ann@agency.example',
      senderCompany: 'Lee Agency',
      body: 'Hello {{ lead.name }} team,\nwould a short call this week suit you?\n{{ mailbox.sender_name }}',
    },
  ],
};

let database: TestDatabase;
let sql: Sql;
let world: SandboxWorld;
let discovery: DiscoveryServices;
let member: TestMember;
let services: FormSubmitServices;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'submit-form-test' });
  world = await startSandboxWorld();
  discovery = createDiscoveryServices({ providerKey: async () => null, baseUrls: {}, chromiumPath: undefined, userAgent: 'SwitchboardBot/test', log, sandboxWorld: world });
  member = await createMember(sql, { email: 'olive@forms.test', role: 'operator', workspaceName: 'Forms' });
  services = { sql, log, submitter: discovery.formSubmitter(), siteUrl: discovery.siteUrl, sandboxPort: discovery.sandboxPort };
}, 60_000);

afterAll(async () => {
  await discovery?.close();
  await world?.close();
  await sql?.end();
  await database?.drop();
});

/**
 * A campaign whose sequence is one contact form step, with one approved lead for `site` that has no
 * email address (seed 000: reached only through its form), enrolled and planned: returns its form send.
 */
async function plannedFormSend(name: string, site: SandboxSite, formPage: string | null = new URL(site.paths.contact, site.url).toString()) {
  const { workspaceId, userId } = member;
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  const campaign = await createCampaign(sql, { workspaceId, name, timeZone: 'America/Chicago', target, createdBy: userId });
  const evidence = formPage ? { url: site.url, contactForms: [{ page: formPage, method: 'POST', action: new URL('/contact-submit', site.url).toString(), fields: 'Name, Email, Message' }] } : { url: site.url };
  const merged = await mergeLeadCandidates(sql, {
    workspaceId,
    campaignId: campaign.id,
    candidates: [{ name: `${name} Plumbing`, website: site.url, city: 'Austin', country: 'US', hasContactForm: true, source: { kind: 'website', ref: site.host, evidence } }],
  });
  const leadId = merged.leads[0]!.leadId;
  for (const event of ['queue_for_review', 'approve'] as const) await transitionLeads(sql, { workspaceId, event, target: { ids: [leadId] }, changedBy: userId });
  await setCampaignSequence(sql, { workspaceId, campaignId: campaign.id, sequence: SEQUENCE, by: userId });
  await setCampaignStatus(sql, workspaceId, campaign.id, { from: ['draft'], to: 'active', by: userId });
  const now = new Date();
  expect(await enrolApprovedLeads(sql, { workspaceId, campaignId: campaign.id, enrolledBy: userId, firstStepId: 'form', startAt: now, formLeads: true })).toEqual([leadId]);
  const planned = await scheduleDueEnrolments({ sql, log }, { now, messageIdDomain: 'switchboard.test' });
  const [sendId] = planned.sendIds;
  expect(planned.formSends).toBe(1);
  return { workspaceId, campaignId: campaign.id, leadId, id: sendId! };
}

const formSite = (index = 0) => world.sites.filter((site) => site.outcome === 'ok' && site.contactForm && site.lang === 'en-US')[index]!;
const enrolmentOf = async (leadId: string) => (await sql<{ status: string; stopReason: string | null; stepId: string | null }[]>`
  select status, stop_reason as "stopReason", step_id as "stepId" from enrolments where lead_id = ${leadId}`)[0];

describe('contact form steps', () => {
  it('submits the lead’s form once in a real browser with the mapped fields, keeps a screenshot, and a retry submits nothing more', async () => {
    const site = formSite(0);
    const send = await plannedFormSend('Once', site);
    expect(await submitFormSend(services, send)).toBe('submitted');

    const received = world.formSubmissions(site.host);
    expect(received).toHaveLength(1);
    expect(received[0]!.fields).toMatchObject({
      name: 'Ann Lee',
      email: 'ann@agency.example',
      // A browser posts a textarea's line breaks as CRLF.
      message: 'Hello Once Plumbing team,\r\nwould a short call this week suit you?\r\nAnn Lee',
      phone: '',
      website: '',
    });
    expect(received[0]!.userAgent).toContain('SwitchboardBot/test');
    expect(await findSend(sql, send.workspaceId, send.id)).toMatchObject({ status: 'sent', channel: 'form', provider: 'browser', formOutcome: 'submitted', toAddress: null });
    const screenshot = await findSendScreenshot(sql, send.workspaceId, send.id);
    expect(screenshot?.png.subarray(1, 4).toString()).toBe('PNG');
    expect(await findSendScreenshot(sql, '00000000-0000-4000-8000-000000000000', send.id)).toBeNull();

    // The job runs again (a retry, a second worker), and the scheduler plans again: nothing more reaches the site.
    expect(await submitFormSend(services, send)).toBe('skipped');
    await scheduleDueEnrolments({ sql, log }, { now: new Date(), messageIdDomain: 'switchboard.test' });
    expect(world.formSubmissions(site.host)).toHaveLength(1);
    expect(await enrolmentOf(send.leadId)).toMatchObject({ status: 'completed' });
  });

  it('never submits twice when the worker stopped after the submit mark: the send is in doubt, not retried; one stopped before it is tried again', async () => {
    const pressedSite = formSite(1);
    const pressed = await plannedFormSend('Pressed', pressedSite);
    // The worker claimed the send and committed the submit mark, then died before anything was recorded.
    expect(await claimSendForSending(sql, { workspaceId: pressed.workspaceId, sendId: pressed.id, now: new Date(), mailboxId: null, provider: 'browser' })).not.toBeNull();
    expect(await markFormSubmitStarted(sql, { workspaceId: pressed.workspaceId, sendId: pressed.id, formUrl: pressedSite.url, now: new Date() })).toBe(true);
    const earlySite = formSite(2);
    const early = await plannedFormSend('Early', earlySite);
    // This one died after the claim, before the browser pressed anything.
    await claimSendForSending(sql, { workspaceId: early.workspaceId, sendId: early.id, now: new Date(), mailboxId: null, provider: 'browser' });

    const recovered = await recoverStuckSends(sql, { olderThan: new Date(Date.now() + 1_000), limit: 10, channel: 'form' });
    expect(recovered).toEqual({ retried: [early.id], failed: [pressed.id] });
    expect(await findSend(sql, pressed.workspaceId, pressed.id)).toMatchObject({ status: 'failed', formOutcome: 'in_doubt', failure: expect.stringContaining('In doubt') });
    expect(await enrolmentOf(pressed.leadId)).toMatchObject({ status: 'stopped', stopReason: 'send_failed' });

    expect(await submitFormSend(services, pressed)).toBe('skipped');
    expect(world.formSubmissions(pressedSite.host)).toHaveLength(0);
    expect(await submitFormSend(services, early)).toBe('submitted');
    expect(await submitFormSend(services, early)).toBe('skipped');
    expect(world.formSubmissions(earlySite.host)).toHaveLength(1);
  });

  it('skips a site whose robots.txt disallows the form page without loading it, and the sequence goes on', async () => {
    const site = world.sites.find((candidate) => candidate.outcome === 'robots_disallowed')!;
    const send = await plannedFormSend('Robots', site);
    expect(await submitFormSend(services, send)).toBe('skipped_step');
    expect(await findSend(sql, send.workspaceId, send.id)).toMatchObject({ status: 'skipped', formOutcome: 'robots_disallowed', failure: expect.stringContaining('robots.txt') });
    expect(world.siteRequests(site.host).map((request) => request.path)).toEqual(['/robots.txt']);
    expect(world.formSubmissions(site.host)).toHaveLength(0);
    await scheduleDueEnrolments({ sql, log }, { now: new Date(), messageIdDomain: 'switchboard.test' });
    expect(await enrolmentOf(send.leadId)).toMatchObject({ status: 'completed' });
  });

  it('records no form for a lead discovery found none for, and stops a suppressed lead before any browser opens', async () => {
    const bare = await plannedFormSend('Bare', formSite(3), null);
    expect(await submitFormSend(services, bare)).toBe('skipped_step');
    expect(await findSend(sql, bare.workspaceId, bare.id)).toMatchObject({ status: 'skipped', formOutcome: 'no_form' });

    const site = formSite(4);
    const suppressed = await plannedFormSend('Suppressed', site);
    const [lead] = await sql<{ domain: string }[]>`select domain from leads where id = ${suppressed.leadId}`;
    await addSuppression(sql, { workspaceId: suppressed.workspaceId, kind: 'domain', value: lead!.domain, source: 'manual', reason: null, sendId: null });
    expect(await submitFormSend(services, suppressed)).toBe('stopped');
    expect(await enrolmentOf(suppressed.leadId)).toMatchObject({ status: 'stopped', stopReason: 'suppressed' });
    expect(world.siteRequests(site.host)).toHaveLength(0);
  });

  it('is run by the outreach.submit-forms job: the due form send is submitted once and the campaign board is told', async () => {
    const site = formSite(5);
    const send = await plannedFormSend('Job', site);
    const published: { topic: string; payload: unknown }[] = [];
    const context: WorkerJobContext = {
      jobId: 'job-1',
      queue: outreachSubmitFormsJob.queue,
      retryCount: 0,
      signal: new AbortController().signal,
      workerId: 'submit-form-test',
      sql,
      publish: async (_workspaceId, topic, payload) => {
        published.push({ topic, payload });
      },
      log,
      publicUrl: 'http://localhost:3000',
      unsubscribeKey: null,
      emailFrom: 'Switchboard <switchboard@localhost>',
      email: sandboxEmail,
      providerKey: async () => null,
      aiWriter: async () => sandboxAiWriter,
      baseUrls: {},
      keyCheck: { smtpAllowPrivateHosts: false },
      enqueue: async () => 'job',
      jobPending: async () => false,
      openMailboxPassword: () => {
        throw new Error('no IMAP in contact form tests');
      },
      stuckSendingMs: 600_000,
      discovery,
      voiceCaller: async () => null,
      callStaleAfterMs: 900_000,
    };
    await outreachSubmitFormsJob.handler({}, context);
    await outreachSubmitFormsJob.handler({}, { ...context, jobId: 'job-2' });
    expect(world.formSubmissions(site.host)).toHaveLength(1);
    expect(await findSend(sql, send.workspaceId, send.id)).toMatchObject({ status: 'sent', formOutcome: 'submitted' });
    expect(published).toContainEqual({ topic: 'outreach.changed', payload: { campaignId: send.campaignId } });
  });
});
