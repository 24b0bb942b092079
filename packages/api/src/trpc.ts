import { initTRPC } from '@trpc/server';
import { ZodError } from 'zod';
import { RateLimited, type Role } from '@switchboard/core';
import type { Context } from './context.ts';
import { inputFieldErrors } from './middlewares/input-error-message.ts';

/**
 * Who may call a procedure. Every procedure declares it (the procedure builders do), and a test checks
 * each. Layered: public < viewer < operator < admin < owner (an admin who owns the installation).
 */
export interface ProcedureMeta {
  access: 'public' | Role | 'owner';
}

export const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  errorFormatter({ shape, error }) {
    // Field errors for forms; never a stack trace, whatever the environment.
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      data: {
        ...data,
        zodError: error.cause instanceof ZodError ? inputFieldErrors(error.cause) : null,
        // A refusal for now, not for good: when to try again (the web server also sends Retry-After).
        retryAfterSeconds: error.cause instanceof RateLimited ? (error.cause.retryAfterSeconds ?? null) : null,
      },
    };
  },
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
