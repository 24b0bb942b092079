import { randomUUID } from 'node:crypto';
import type { Db } from '../client.ts';
import type { SendDelivery } from '../queries/outreach/sends.ts';

export interface SeededEmail {
  /** A name for the lead it went to: emails with the same name go to the same lead. */
  lead: string;
  stepId?: string;
  stepPosition?: number;
  mailboxId?: string | null;
  /** When it went out; null for one still waiting to go. */
  sentAt: Date | null;
  delivery?: SendDelivery | null;
}

/**
 * Leads, their enrolments and sends as the sender leaves them once sent (and as provider events
 * mark them), written directly, for tests of what is read from sends (analytics, exports).
 */
export async function seedSentEmails(sql: Db, input: { workspaceId: string; campaignId: string; emails: SeededEmail[] }): Promise<{ sendIds: string[]; leadIds: Map<string, string> }> {
  const leadIds = new Map<string, string>();
  const enrolmentIds = new Map<string, string>();
  for (const name of new Set(input.emails.map((email) => email.lead))) {
    const [lead] = await sql<{ id: string }[]>`
      insert into leads (workspace_id, campaign_id, name) values (${input.workspaceId}, ${input.campaignId}, ${name}) returning id`;
    const [enrolment] = await sql<{ id: string }[]>`
      insert into enrolments (workspace_id, campaign_id, lead_id, email) values (${input.workspaceId}, ${input.campaignId}, ${lead!.id}, ${`${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@leads.test`})
      returning id`;
    leadIds.set(name, lead!.id);
    enrolmentIds.set(name, enrolment!.id);
  }
  const sendIds: string[] = [];
  for (const email of input.emails) {
    const delivery = email.delivery ?? null;
    const deliveredAt = email.sentAt && (delivery === 'delivered' || delivery === 'complained') ? new Date(email.sentAt.getTime() + 60_000) : null;
    const [send] = await sql<{ id: string }[]>`
      insert into sends (workspace_id, campaign_id, enrolment_id, lead_id, step_id, step_position, idempotency_key, message_id, to_address,
                         status, mailbox_id, provider, sent_at, delivery, delivered_at, bounced_at, complained_at)
      values (${input.workspaceId}, ${input.campaignId}, ${enrolmentIds.get(email.lead)!}, ${leadIds.get(email.lead)!}, ${email.stepId ?? 'first'},
              ${email.stepPosition ?? 0}, ${randomUUID()}, ${`<${randomUUID()}@switchboard.test>`}, ${`${email.lead.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@leads.test`},
              ${email.sentAt ? 'sent' : 'queued'}, ${email.mailboxId ?? null}, ${email.sentAt ? 'sandbox' : null}, ${email.sentAt}, ${delivery}, ${deliveredAt},
              ${delivery === 'bounced' ? email.sentAt : null}, ${delivery === 'complained' ? email.sentAt : null})
      returning id`;
    sendIds.push(send!.id);
  }
  return { sendIds, leadIds };
}
