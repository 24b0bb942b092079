import { Conflict, Invalid, NotFound } from '@switchboard/core';
import { updateMailbox, type MailboxSettings } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { emailKeyKinds, mailboxView, requireMailbox } from './serialize.ts';
import type { TUpdateMailboxInputSchema } from './update.schema.ts';

const SETTING_NAMES = [
  'fromName',
  'fromAddress',
  'provider',
  'limitPerMinute',
  'limitPerHour',
  'limitPerDay',
  'signature',
  'postalAddress',
  'sendDays',
  'sendStartMinute',
  'sendEndMinute',
] as const satisfies readonly (keyof MailboxSettings)[];

/** Replaces the settings and records which ones really changed (a form sends them all). */
export async function updateMailboxHandler({ ctx, input }: { ctx: AuthedContext; input: TUpdateMailboxInputSchema }) {
  const { id, ...settings } = input;
  const mailbox = await ctx.db.begin(async (tx) => {
    const current = await requireMailbox(tx, ctx.workspace.id, id);
    if (current.status === 'archived') throw new Invalid('An archived mailbox cannot be changed.');
    const changed = SETTING_NAMES.filter((name) => JSON.stringify(current[name]) !== JSON.stringify(settings[name]));
    if (changed.length === 0) return current;
    const updated = await updateMailbox(tx, ctx.workspace.id, id, settings, ctx.user.id);
    if (updated === 'address_taken') throw new Conflict(`This workspace already has a mailbox for ${settings.fromAddress}.`);
    if (!updated) throw new NotFound('That mailbox does not exist in this workspace.');
    // Names of what changed, and the new limits; never the signature or address text itself.
    await recordAction(tx, ctx, {
      action: 'mailbox.update',
      targetType: 'mailbox',
      targetId: id,
      summary: {
        fromAddress: updated.fromAddress,
        changed,
        ...(changed.some((name) => name.startsWith('limit')) ? { limits: [updated.limitPerMinute, updated.limitPerHour, updated.limitPerDay] } : {}),
      },
    });
    return updated;
  });
  return mailboxView(mailbox, await emailKeyKinds(ctx));
}
