import { Conflict, NotFound } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import type { Sql } from '@switchboard/db';
import { TRPCError } from '@trpc/server';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testContext } from '../testing/context.ts';
import { createCallerFactory, router } from '../trpc.ts';
import { adminProcedure, authedProcedure, operatorProcedure, publicProcedure } from './index.ts';

// These procedures never touch the database.
const noDatabase = {} as Sql;
const workspace = { id: 'ws-1', name: 'Acme', slug: 'acme' };

const testRouter = router({
  missing: publicProcedure.query(() => {
    throw new NotFound('Lead 42 was not found');
  }),
  clash: publicProcedure.mutation(() => {
    throw new Conflict('Campaign is already running');
  }),
  crash: publicProcedure.query(() => {
    throw new Error('connection string postgres://secret@db leaked into an error');
  }),
  echo: publicProcedure.input(z.object({ name: z.string().min(2) })).query(({ input }) => input.name),
  whoami: authedProcedure.query(({ ctx }) => ctx.user.email),
  operate: operatorProcedure.mutation(() => 'ok'),
  administer: adminProcedure.mutation(() => 'ok'),
});
const createCaller = createCallerFactory(testRouter);

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe('error conversion', () => {
  it('maps domain errors to tRPC codes with their message', async () => {
    const caller = createCaller(testContext(noDatabase));
    await expect(caller.missing()).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Lead 42 was not found' });
    await expect(caller.clash()).rejects.toMatchObject({ code: 'CONFLICT', message: 'Campaign is already running' });
  });

  it('hides unexpected errors behind a plain message and logs the cause', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ name: 'api-test', level: 'error', format: 'json', destination });
    const caller = createCaller(testContext(noDatabase, { log }));
    const error = await caller.crash().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side; it has been logged.' });
    expect(lines.join('')).toContain('procedure failed');
  });

  it('rejects bad input as BAD_REQUEST', async () => {
    expect(await codeOf(createCaller(testContext(noDatabase)).echo({ name: 'x' }))).toBe('BAD_REQUEST');
  });
});

describe('procedure builders', () => {
  const contexts = {
    anonymous: testContext(noDatabase),
    viewer: testContext(noDatabase, { user: { id: 'u1', email: 'v@acme.test', role: 'viewer' }, workspace }),
    operator: testContext(noDatabase, { user: { id: 'u2', email: 'o@acme.test', role: 'operator' }, workspace }),
    admin: testContext(noDatabase, { user: { id: 'u3', email: 'a@acme.test', role: 'admin' }, workspace }),
  };

  it.each([
    ['anonymous', 'UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED'],
    ['viewer', 'OK', 'FORBIDDEN', 'FORBIDDEN'],
    ['operator', 'OK', 'OK', 'FORBIDDEN'],
    ['admin', 'OK', 'OK', 'OK'],
  ] as const)('%s: authed %s, operator %s, admin %s', async (who, authed, operator, admin) => {
    const caller = createCaller(contexts[who]);
    expect(await codeOf(caller.whoami())).toBe(authed);
    expect(await codeOf(caller.operate())).toBe(operator);
    expect(await codeOf(caller.administer())).toBe(admin);
  });

  it('refuses a signed-in user without a current workspace', async () => {
    const caller = createCaller(testContext(noDatabase, { user: { id: 'u4', email: 'x@acme.test', role: 'admin' }, workspace: null }));
    expect(await codeOf(caller.whoami())).toBe('FORBIDDEN');
  });
});
