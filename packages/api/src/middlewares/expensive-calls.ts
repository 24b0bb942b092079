import { RateLimited } from '@switchboard/core';
import { TRPCError } from '@trpc/server';
import { EXPENSIVE_CALL_RETRY_AFTER_S, EXPENSIVE_CALLS_PER_USER } from '../request-limits.ts';
import { middleware } from '../trpc.ts';
import { ConcurrencyGate } from './concurrency-gate.ts';

// One per process: the limit is on what this process's database pool is asked to do at once.
const gate = new ConcurrencyGate(EXPENSIVE_CALLS_PER_USER);

/**
 * For procedures whose queries can be slow on a big workspace. A user (and their API tokens, which act
 * as them) may run EXPENSIVE_CALLS_PER_USER of them at once; more are refused at once with
 * TOO_MANY_REQUESTS, so one caller's flood cannot take every pooled connection from the others.
 */
export const limitExpensiveCalls = middleware(async ({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  const release = gate.tryEnter(ctx.user.id);
  if (!release) {
    throw new RateLimited(
      `You already have ${EXPENSIVE_CALLS_PER_USER} searches, reports, imports or exports running; try again in a moment.`,
      EXPENSIVE_CALL_RETRY_AFTER_S,
    );
  }
  try {
    return await next();
  } finally {
    release();
  }
});
