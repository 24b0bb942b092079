import { NotFound } from '@switchboard/core';
import type { Context } from '../../context.ts';

/** The outbox exists only while no email provider is configured: a live installation has none to read. */
export function assertSandboxEmail(ctx: Pick<Context, 'providers'>): void {
  const email = ctx.providers.find((provider) => provider.provider === 'email');
  if (email?.mode !== 'sandbox') throw new NotFound('There is no local outbox: email goes out through a live provider.');
}
