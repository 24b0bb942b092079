import type { Context } from '../../context.ts';
import { readUnsubscribeLink } from '../../suppressions/unsubscribe.ts';
import type { TUnsubscribeLinkInputSchema } from './unsubscribe-link.schema.ts';

/** For the public confirmation page: whose link it is and whether they are unsubscribed. Changes nothing. */
export function unsubscribeLinkHandler({ ctx, input }: { ctx: Context; input: TUnsubscribeLinkInputSchema }) {
  return readUnsubscribeLink(ctx.db, ctx.masterKey, input.token);
}
