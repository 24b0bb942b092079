import { createSends, enrolApprovedLeads, getCampaignSequence, setCampaignStatus, storeSendScreenshot, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { outreachCampaign, type OutreachCampaign } from '../../../tests/outreach-campaign.ts';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

let workspace: RolesWebWorkspace;
let sql: Sql;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];
let campaign: OutreachCampaign;
let stranger: TestMember;

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('contact-form-steps-test', {
    workspaceName: 'Forms',
    emails: { admin: 'ada@forms.test', operator: 'otto@forms.test', viewer: 'vera@forms.test' },
  });
  ({ sql, web, members } = workspace);
  campaign = await outreachCampaign(sql, members.admin, 'Form plumbers');
  stranger = await createMember(sql, { email: 'gus@globex.test', role: 'admin', workspaceName: 'Globex' });
});

afterAll(() => workspace.close());

const get = (path: string, member: TestMember) => fetch(`${web.base}${path}`, { headers: { cookie: member.cookie } });

describe('contact form steps in the dashboard', () => {
  it('shows a contact form step with its fields in the editor and saves what is typed into them', async () => {
    const page = `/campaigns/${campaign.campaignId}/outreach`;
    const fields: [string, string][] = [
      ['intent', 'save-sequence'],
      ['step.0.id', 'form'],
      ['step.0.type', 'contact_form'],
      ['step.0.senderName', 'Ann Lee'],
      ['step.0.senderEmail', 'ann@forms.test'],
      ['step.0.senderCompany', 'Forms Inc'],
      ['step.0.subject', ''],
      ['step.0.body', 'Hello {{ lead.name }}\r\nAnn'],
    ];
    const saved = await fetch(`${web.base}${page}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: members.operator.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.base },
      body: new URLSearchParams(fields),
    });
    expect(saved.status).toBe(302);
    const stored = await getCampaignSequence(sql, members.admin.workspaceId, campaign.campaignId);
    expect(stored?.sequence).toEqual({
      steps: [{ id: 'form', type: 'contact_form', senderName: 'Ann Lee', senderEmail: 'ann@forms.test', senderCompany: 'Forms Inc', subject: '', body: 'Hello {{ lead.name }}\nAnn' }],
    });
    const html = await (await get(page, members.viewer)).text();
    const step = html.slice(html.indexOf('data-testid="step-form"'));
    expect(step.replace(/<!-- -->/g, '')).toContain('Step 1 · Contact form');
    expect(step).toMatch(/name="step\.0\.senderEmail"[^>]*value="ann@forms.test"/);
    // The board has a row for the form step, with its own columns (skipped; no delivery or opens).
    const row = html.slice(html.indexOf('data-testid="board-form-form"'));
    expect(row.slice(0, row.indexOf('</tr>')).replace(/<!-- -->/g, '')).toMatch(/Step 1 ·<\/span> form<\/span><span[^>]*> · contact form<\/span><\/td><td class="number">0<\/td><td class="number">0<\/td><td class="number">—<\/td>/);
  });

  it('lists a lead’s form submissions on its page and serves the screenshot to members of its workspace only', async () => {
    const { workspaceId, userId } = members.admin;
    const leadId = campaign.approvedWithoutEmail[0]!;
    await sql`update leads set has_contact_form = true where id = ${leadId}`;
    await setCampaignStatus(sql, workspaceId, campaign.campaignId, { from: ['draft'], to: 'active', by: userId });
    await enrolApprovedLeads(sql, { workspaceId, campaignId: campaign.campaignId, enrolledBy: userId, firstStepId: 'form', startAt: new Date(), formLeads: true });
    const [enrolment] = await sql<{ id: string }[]>`select id from enrolments where lead_id = ${leadId}`;
    const [send] = await createSends(sql, [
      {
        workspaceId, campaignId: campaign.campaignId, enrolmentId: enrolment!.id, leadId, stepId: 'form', stepPosition: 0, nextStepId: null,
        channel: 'form', toAddress: null, idempotencyKey: `send:${enrolment!.id}:form`, messageId: `<${enrolment!.id}@forms.test>`, notBefore: new Date(),
      },
    ]);
    await sql`update sends set status = 'sent', form_outcome = 'submitted', form_url = 'http://form-plumbers.example/contact', sent_at = now() where id = ${send!.id}`;
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await storeSendScreenshot(sql, { workspaceId, sendId: send!.id, png });

    const leadPage = await (await get(`/leads/${leadId}`, members.viewer)).text();
    expect(leadPage).toContain('Contact form submissions');
    expect(leadPage).toContain(`/sends/${send!.id}/screenshot.png`);

    const shot = await get(`/sends/${send!.id}/screenshot.png`, members.viewer);
    expect(shot.status).toBe(200);
    expect(shot.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await shot.arrayBuffer())).toEqual(png);
    expect((await get(`/sends/${send!.id}/screenshot.png`, stranger)).status).toBe(404);
    const anonymous = await fetch(`${web.base}/sends/${send!.id}/screenshot.png`, { redirect: 'manual' });
    expect(anonymous.status).not.toBe(200);
    await anonymous.body?.cancel();
  });
});
