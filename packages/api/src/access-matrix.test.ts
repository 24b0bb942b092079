import { createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { roleAllows, type Role } from '@switchboard/core';
import { appRouter, createCaller } from './root.ts';
import { testContext } from './testing/context.ts';
import type { ProcedureMeta } from './trpc.ts';

// Procedures anyone may call. Adding one here is a decision; forgetting to declare access fails below.
const PUBLIC_PROCEDURES = new Set([
  'auth.signIn',
  'auth.signOut',
  'auth.me',
  'auth.requestLink',
  'auth.useLink',
  'auth.resetPassword',
  // Sandbox only: the local outbox is how people without a mail server receive sign-in links.
  'outbox.list',
  'setup.needed',
  'setup.complete',
  'system.providers',
]);
const ROLES: Role[] = ['viewer', 'operator', 'admin'];
const AUTH_MESSAGES = [/^Sign in to continue\.$/, /^Choose a workspace first\.$/, /^This needs the \w+ role in /];

interface ProcedureEntry {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  access: ProcedureMeta['access'] | undefined;
}

const procedures: ProcedureEntry[] = Object.entries(appRouter._def.procedures).map(([path, procedure]) => {
  const def = (procedure as unknown as { _def: { type: ProcedureEntry['type']; meta?: ProcedureMeta } })._def;
  return { path, type: def.type, access: def.meta?.access };
});

let database: TestDatabase;
let sql: Sql;
const contexts: Partial<Record<Role, { user: { id: string; email: string; role: Role }; workspace: { id: string; name: string; slug: string } }>> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'access-matrix-test' });
  for (const role of ROLES) {
    const member = await createMember(sql, { email: `${role}@matrix.test`, role, workspaceName: `Matrix ${role}` });
    contexts[role] = { user: { id: member.userId, email: member.email, role }, workspace: { id: member.workspaceId, name: `Matrix ${role}`, slug: role } };
  }
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

/** Calls a procedure by path with no input; returns the auth refusal code, or 'passed' once past access control. */
async function attempt(caller: ReturnType<typeof createCaller>, path: string): Promise<'passed' | 'UNAUTHORIZED' | 'FORBIDDEN'> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input?: unknown) => Promise<unknown>;
  try {
    await fn(undefined);
    return 'passed';
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') && AUTH_MESSAGES.some((pattern) => pattern.test(error.message))) {
      return error.code;
    }
    // Anything else (bad input, not found…) happened after access control let the call through.
    return 'passed';
  }
}

describe('access matrix', () => {
  it('finds the procedures', () => {
    expect(procedures.length).toBeGreaterThan(5);
  });

  it.each(procedures)('$path declares who may call it', ({ path, access }) => {
    expect(access, `${path} must be built from publicProcedure, authedProcedure, operatorProcedure or adminProcedure`).toBeDefined();
    if (access === 'public') expect(PUBLIC_PROCEDURES, `${path} is public: add it to PUBLIC_PROCEDURES if that is intended`).toContain(path);
    else expect(PUBLIC_PROCEDURES).not.toContain(path);
  });

  it('lets only operators and admins decide on leads, reopening included', () => {
    const decisions = procedures.filter((procedure) => ['leads.approve', 'leads.reject', 'leads.reopen', 'leads.bulkTransition'].includes(procedure.path));
    expect(decisions.map((procedure) => [procedure.path, procedure.access]).sort()).toEqual([
      ['leads.approve', 'operator'],
      ['leads.bulkTransition', 'operator'],
      ['leads.reject', 'operator'],
      ['leads.reopen', 'operator'],
    ]);
  });

  it.each(procedures.filter((procedure) => procedure.access !== 'public'))('$path: anonymous, viewer, operator, admin', async ({ path, access }) => {
    const required = access as Role;
    expect(await attempt(createCaller(testContext(sql)), path)).toBe('UNAUTHORIZED');
    for (const role of ROLES) {
      const outcome = await attempt(createCaller(testContext(sql, contexts[role])), path);
      expect({ role, outcome }).toEqual({ role, outcome: roleAllows(role, required) ? 'passed' : 'FORBIDDEN' });
    }
  });
});
