import { NotFound } from '@switchboard/core';
import { listOutbox } from '@switchboard/db';
import { publicProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';

const OUTBOX_LIMIT = 50;

export const outboxRouter = router({
  /**
   * Emails the sandbox "sent" (sign-in links included), for the local outbox page. It exists only
   * while no email provider is configured: a live installation has no outbox to read.
   */
  list: publicProcedure.query(async ({ ctx }) => {
    const email = ctx.providers.find((provider) => provider.provider === 'email');
    if (email?.mode !== 'sandbox') throw new NotFound('There is no local outbox: email goes out through a live provider.');
    return listOutbox(ctx.db, OUTBOX_LIMIT);
  }),
});
