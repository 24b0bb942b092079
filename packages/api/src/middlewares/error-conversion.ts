import { DomainError } from '@switchboard/core';
import { isStatementTimeout } from '@switchboard/db';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import { middleware } from '../trpc.ts';
import { inputErrorMessage } from './input-error-message.ts';

const CODE_BY_KIND: Record<DomainError['kind'], TRPC_ERROR_CODE_KEY> = {
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  conflict: 'CONFLICT',
  invalid: 'BAD_REQUEST',
  rate_limited: 'TOO_MANY_REQUESTS',
  provider: 'BAD_GATEWAY',
};

/**
 * The one place domain errors become tRPC errors. Anything unexpected is logged with its cause and
 * reaches the client as a plain 500 message, never with internals.
 */
export const errorConversion = middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const error = result.error;
  const cause = error.cause;
  if (error.code === 'BAD_REQUEST' && cause instanceof ZodError) {
    // tRPC's own message is the issues as JSON; say which field and what is wrong instead.
    throw new TRPCError({ code: 'BAD_REQUEST', message: inputErrorMessage(cause), cause });
  }
  if (cause instanceof DomainError) {
    throw new TRPCError({ code: CODE_BY_KIND[cause.kind], message: cause.message, cause });
  }
  if (isStatementTimeout(cause)) {
    // The request-path statement timeout cut a slow query short: busy or too broad, not broken.
    ctx.log.warn({ err: cause, path, type }, 'query cancelled by the statement timeout');
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database took too long to answer. Narrow the filters or try again in a moment.', cause });
  }
  if (isDataException(cause)) {
    // A value Postgres cannot take (a NUL byte, a number out of range) is the caller's input, not
    // our failure: a validator missed it, so it is logged, but the answer is still a 400.
    ctx.log.warn({ err: cause, path, type }, 'input refused by the database');
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Some of that input cannot be stored (an invisible control character or an out-of-range number?).', cause });
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    ctx.log.error({ err: cause ?? error, path, type }, 'procedure failed');
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side; it has been logged.' });
  }
  return result;
});

/** SQLSTATE class 22, "data exception": the statement was fine, a value in it was not. */
function isDataException(cause: unknown): boolean {
  if (typeof cause !== 'object' || cause === null) return false;
  const { name, code } = cause as { name?: unknown; code?: unknown };
  return name === 'PostgresError' && typeof code === 'string' && code.startsWith('22');
}
