import { claimInstanceOwnership, createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { appRouter, createCaller } from './root.ts';
import { testContext } from './testing/context.ts';
import { leaves, plausible, withValue, type Leaf, type SchemaNode } from './testing/input-shapes.ts';

// Walks every procedure's input schema, builds a plausible input (so other fields do not hide the one
// under test), then puts a wrong value in one field at a time: the wrong type, NaN, a negative or
// enormous number, a megabyte of text, a date that is no date. Whatever the procedure makes of it, the
// answer is a 4xx with a short sentence, never a 500 and never the input echoed back.

const HUGE_TEXT = 'x'.repeat(1_000_000);

function wrongValues(leaf: Leaf): { label: string; value: unknown }[] {
  const common = [
    { label: 'an object', value: { nested: true } },
    { label: 'null', value: null },
  ];
  switch (leaf.type) {
    case 'string':
      return [
        ...common,
        { label: 'a number', value: 42 },
        { label: 'a megabyte of text', value: HUGE_TEXT },
        ...(leaf.format ? [] : [{ label: 'an impossible date', value: '2026-02-30' }]),
      ];
    case 'number':
    case 'int':
      return [
        ...common,
        { label: 'NaN', value: Number.NaN },
        { label: 'a negative number', value: -1 },
        { label: 'a number past any page', value: 1e20 },
        { label: 'a numeric string', value: '1' },
      ];
    case 'boolean':
      return [...common, { label: 'a string', value: 'true' }];
    case 'array':
      return [...common, { label: 'a string', value: 'x' }, { label: '20,000 items', value: Array.from({ length: 20_000 }, () => 'x') }];
    default:
      return [...common, { label: 'a string', value: 'no-such-value' }];
  }
}

const cases = Object.entries(appRouter._def.procedures).flatMap(([path, procedure]) => {
  const def = (procedure as unknown as { _def: { type: string; inputs: SchemaNode[] } })._def;
  if (def.type === 'subscription' || def.inputs.length === 0) return [];
  const schema = def.inputs[0]!;
  const base = plausible(schema);
  const fieldCases = leaves(schema).flatMap((leaf) =>
    wrongValues(leaf).map(({ label, value }) => ({ path, field: leaf.path.join('.') || '(input)', label, input: withValue(base, leaf.path, value) })),
  );
  return [{ path, field: '(input)', label: 'a string instead of the input', input: 'malformed' }, ...fieldCases];
});

let database: TestDatabase;
let sql: Sql;
let owner: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'malformed-inputs-test' });
  owner = await createMember(sql, { email: 'owner@malformed.test', role: 'admin', workspaceName: 'Malformed' });
  await claimInstanceOwnership(sql, owner.userId, true);
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

function call(path: string, input: unknown): Promise<unknown> {
  // The owner passes every access check, so what answers is the input's handling.
  const caller = createCaller(testContext(sql, { user: { id: owner.userId, email: owner.email, role: 'admin' }, workspace: { id: owner.workspaceId, name: 'Malformed', slug: 'malformed' } }));
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  return fn(input);
}

describe('malformed inputs', () => {
  it('finds the fields of the procedures added today', () => {
    const found = new Set(cases.map((entry) => `${entry.path} ${entry.field}`));
    for (const field of ['analytics.report from', 'analytics.export groupBy', 'outbox.get id', 'leads.timeline id', 'outreach.formScreenshot sendId', 'mailboxes.setImap port', 'mailboxes.setImap host', 'calls.get callId', 'calls.updateSettings budgetUsd', 'calls.updateSettings callWindow.startHour', 'calls.spend days', 'calls.setSpendAlert thresholdUsd']) {
      expect(found).toContain(field);
    }
  });

  it.each(cases)('$path $field: $label is answered with a 4xx and a short sentence, never a 500', async ({ path, input }) => {
    const error = await call(path, input).then(
      () => null,
      (caught: unknown) => caught,
    );
    if (error === null) return;
    expect(error).toBeInstanceOf(TRPCError);
    const { code, message } = error as TRPCError;
    expect({ code, message }).not.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(message.length).toBeGreaterThan(0);
    // A sentence, not zod's issues as JSON, and not the megabyte sent back.
    expect(message).not.toMatch(/^\s*[[{]/);
    expect(message.length).toBeLessThan(4_000);
    // The whole error as the client gets it (field errors for forms included) stays small too.
    const formatted = appRouter._def._config.errorFormatter({
      error: error as TRPCError,
      type: 'query',
      path,
      input: undefined,
      ctx: undefined,
      shape: { message, code: -32600, data: { code, httpStatus: 400, path } },
    });
    expect(JSON.stringify(formatted).length).toBeLessThan(10_000);
  });
});
