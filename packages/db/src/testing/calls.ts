import { callAttemptKey } from '@switchboard/core';
import type { Db } from '../client.ts';
import { createCalls } from '../queries/calls.ts';
import { availableSlug, createWorkspace } from '../queries/workspaces.ts';

const ALWAYS_OPEN = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 };

export interface SeededCalls {
  workspaceId: string;
  campaignId: string;
  callIds: string[];
}

/**
 * An active campaign in a workspace of its own (or the one given) with `count` leads, each with a
 * phone number, and one queued, due call per lead from `phoneNumberId`: what the scheduler would plan.
 */
export async function seedQueuedCalls(
  sql: Db,
  input: {
    count: number;
    phoneNumberId: string;
    workspaceId?: string;
    name?: string;
    notBefore?: Date;
    timeZone?: string;
    /** The campaign's Vapi assistant (null: none set). */
    assistantId?: string | null;
    /** The campaign's calling window; every hour of every day unless given (the default window is tested on its own). */
    callWindow?: { days: string[]; startHour: number; endHour: number } | null;
  },
): Promise<SeededCalls> {
  if (input.count > 999) throw new RangeError('At most 999 calls per seeded campaign.');
  const name = input.name ?? `Calls ${Math.random().toString(36).slice(2, 8)}`;
  const workspaceId = input.workspaceId ?? (await createWorkspace(sql, { name, slug: await availableSlug(sql, name) })).id;
  const [campaign]: [{ id: string }?] = await sql`
    insert into campaigns (workspace_id, name, status, time_zone, call_assistant_id, call_window)
    values (${workspaceId}, ${name}, 'active', ${input.timeZone ?? 'America/Chicago'}, ${input.assistantId === undefined ? 'asst-test' : input.assistantId},
            ${input.callWindow === null ? null : sql.json(input.callWindow ?? ALWAYS_OPEN)}::jsonb)
    returning id`;
  if (!campaign) throw new Error('Campaign was not created');
  // Numbers unique per workspace (leads_phone_idx), from the campaign's own id so workspaces can share.
  const base = Number.parseInt(campaign.id.replace(/-/g, '').slice(0, 6), 16) % 9_000;
  const leads = await sql<{ id: string; phone: string }[]>`
    insert into leads (workspace_id, campaign_id, name, country, region, phone)
    select ${workspaceId}, ${campaign.id}, ${name} || ' lead ' || n, 'US', 'Texas', '+1512' || lpad((${base}::int * 1000 + n)::text, 7, '0')
    from generate_series(1, ${input.count}::int) n
    returning id, phone`;
  const created = await createCalls(
    sql,
    leads.map((lead) => ({
      workspaceId,
      campaignId: campaign.id,
      leadId: lead.id,
      toNumber: lead.phone,
      phoneNumberId: input.phoneNumberId,
      attempt: 1,
      attemptKey: callAttemptKey({ campaignId: campaign.id, leadId: lead.id, attempt: 1 }),
      notBefore: input.notBefore ?? new Date(0),
    })),
  );
  return { workspaceId, campaignId: campaign.id, callIds: created.map((call) => call.id) };
}
