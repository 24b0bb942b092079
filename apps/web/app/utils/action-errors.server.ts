import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError, z } from 'zod';

export interface FormFailure {
  message: string;
  fieldErrors: Record<string, string[] | undefined>;
}

/**
 * Turns an error from a procedure into what a form shows: the message and per-field errors, with
 * the HTTP status to answer with. Anything unexpected is rethrown to the error boundary.
 */
export function formFailure(error: unknown): { status: number; failure: FormFailure } {
  if (!(error instanceof TRPCError) || error.code === 'INTERNAL_SERVER_ERROR') throw error;
  const fieldErrors = error.cause instanceof ZodError ? z.flattenError(error.cause).fieldErrors : {};
  const message = error.cause instanceof ZodError ? 'Check the highlighted fields.' : error.message;
  return { status: getHTTPStatusCodeFromError(error), failure: { message, fieldErrors } };
}
