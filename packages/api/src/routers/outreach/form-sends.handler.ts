import { NotFound } from '@switchboard/core';
import { findSendScreenshot, leadFormSends } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireLeadExists } from '../leads/require-lead.ts';
import type { TFormScreenshotInputSchema, TLeadFormSendsInputSchema } from './form-sends.schema.ts';

/** A lead's contact form submissions with how each ended; a lead of another workspace is not found. */
export async function leadFormSendsHandler({ ctx, input }: { ctx: AuthedContext; input: TLeadFormSendsInputSchema }) {
  await requireLeadExists(ctx.db, ctx.workspace.id, input.leadId);
  const sends = await leadFormSends(ctx.db, ctx.workspace.id, input.leadId);
  return sends.map((send) => ({ ...send, createdAt: send.createdAt.toISOString(), sentAt: send.sentAt?.toISOString() ?? null }));
}

/** The screenshot kept as evidence of a submission, as base64 PNG, only within the caller's workspace. */
export async function formScreenshotHandler({ ctx, input }: { ctx: AuthedContext; input: TFormScreenshotInputSchema }) {
  const shot = await findSendScreenshot(ctx.db, ctx.workspace.id, input.sendId);
  if (!shot) throw new NotFound('No screenshot for that submission in this workspace.');
  return { pngBase64: shot.png.toString('base64'), takenAt: shot.takenAt.toISOString() };
}
