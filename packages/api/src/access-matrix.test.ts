import { claimInstanceOwnership, createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { roleAllows, type Role } from '@switchboard/core';
import { OWNER_ONLY_MESSAGE } from './procedures/index.ts';
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
  'setup.needed',
  'setup.complete',
  'system.providers',
  // An unsubscribe link's confirmation page: the signed token is the key, and reading changes nothing.
  'suppressions.unsubscribeLink',
]);
const ROLES: Role[] = ['viewer', 'operator', 'admin'];
/** Every caller the matrix tries: the workspace roles, and an admin who also owns the installation. */
type Caller = Role | 'owner';
const CALLERS: Caller[] = [...ROLES, 'owner'];
const AUTH_MESSAGES = [/^Sign in to continue\.$/, /^Choose a workspace first\.$/, /^This needs the \w+ role in /];

/** Whether `caller` may call a procedure that needs `access` (public procedures are not in the matrix). */
function allows(caller: Caller, access: Role | 'owner'): boolean {
  if (access === 'owner') return caller === 'owner';
  return roleAllows(caller === 'owner' ? 'admin' : caller, access);
}

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
const contexts: Partial<Record<Caller, { user: { id: string; email: string; role: Role }; workspace: { id: string; name: string; slug: string } }>> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'access-matrix-test' });
  for (const caller of CALLERS) {
    const role: Role = caller === 'owner' ? 'admin' : caller;
    const member = await createMember(sql, { email: `${caller}@matrix.test`, role, workspaceName: `Matrix ${caller}` });
    if (caller === 'owner') await claimInstanceOwnership(sql, member.userId, true);
    contexts[caller] = { user: { id: member.userId, email: member.email, role }, workspace: { id: member.workspaceId, name: `Matrix ${caller}`, slug: caller } };
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
    if (error instanceof TRPCError && (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') && (error.message === OWNER_ONLY_MESSAGE || AUTH_MESSAGES.some((pattern) => pattern.test(error.message)))) {
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
    expect(access, `${path} must be built from publicProcedure, authedProcedure, operatorProcedure, adminProcedure or ownerProcedure`).toBeDefined();
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

  it.each(procedures.filter((procedure) => procedure.access !== 'public'))('$path: anonymous, viewer, operator, admin, owner', async ({ path, access }) => {
    const required = access as Role | 'owner';
    expect(await attempt(createCaller(testContext(sql)), path)).toBe('UNAUTHORIZED');
    for (const caller of CALLERS) {
      const outcome = await attempt(createCaller(testContext(sql, contexts[caller])), path);
      expect({ caller, outcome }).toEqual({ caller, outcome: allows(caller, required) ? 'passed' : 'FORBIDDEN' });
    }
  });

  it('has at least one owner-only procedure, refused to every other admin', () => {
    expect(procedures.filter((procedure) => procedure.access === 'owner').map((procedure) => procedure.path)).toContain('settings.updateSystemConfig');
  });
});
