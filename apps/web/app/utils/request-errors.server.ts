import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError } from 'zod';

// Errors that are about the request (a bad id, a missing lead, a refused role): the page says so
// with its 4xx status. Anything else is ours, and goes to the generic error page and the log.
const REQUEST_ERRORS = new Set<TRPCError['code']>(['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED', 'CONFLICT', 'TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE']);

/** What a person should read: the validation messages of a bad input, or the error's own sentence. */
export function requestErrorMessage(error: TRPCError): string {
  if (error.cause instanceof ZodError) return [...new Set(error.cause.issues.map((issue) => issue.message))].join(' ');
  return error.message;
}

/** The status and message of a request error, or null for anything unexpected. */
export function requestError(error: unknown): { status: number; message: string } | null {
  if (!(error instanceof TRPCError) || !REQUEST_ERRORS.has(error.code)) return null;
  return { status: getHTTPStatusCodeFromError(error), message: requestErrorMessage(error) };
}

/** For loaders: a request error becomes an error response the route's boundary shows; others rethrow. */
export function throwRequestError(error: unknown): never {
  const problem = requestError(error);
  if (problem) throw new Response(problem.message, { status: problem.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  throw error;
}

/**
 * Field errors keyed by the form field they belong to: the last named step of each issue's path, so
 * `target.queries[0]` lands on the "queries" field. Empty for errors that are not about fields.
 */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (!(error instanceof TRPCError) || !(error.cause instanceof ZodError)) return {};
  const fields: Record<string, string[]> = {};
  for (const issue of error.cause.issues) {
    const field = [...issue.path].reverse().find((step): step is string => typeof step === 'string') ?? 'form';
    (fields[field] ??= []).push(issue.message);
  }
  return fields;
}
