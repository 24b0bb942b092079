import { LONE_SURROGATE_MESSAGE, NUL_MESSAGE } from '@switchboard/core';
import { claimInstanceOwnership, createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { appRouter, createCaller } from './root.ts';
import { testContext } from './testing/context.ts';

// Walks every procedure's input schema, finds each string it takes (object fields, array items,
// record keys and values, union branches) and sends a NUL or a lone surrogate in it, alone.

interface SchemaNode {
  _zod: { def: { type: string } & Record<string, unknown> };
}

/** One step into an input: an object field, the first array item, or a record's key or value. */
type Step = { field: string } | { item: true } | { recordKey: true } | { recordValue: true } | { fixed: Record<string, unknown> };

interface StringLeaf {
  steps: Step[];
  /** uuid, email, date…: refused by its format already; plain text has none. */
  format: string | undefined;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'lazy']);

function stringLeaves(node: SchemaNode, steps: Step[] = []): StringLeaf[] {
  const def = node._zod.def;
  if (def.type === 'string') return [{ steps, format: def.format as string | undefined }];
  if (WRAPPERS.has(def.type)) return def.type === 'lazy' ? [] : stringLeaves(def.innerType as SchemaNode, steps);
  if (def.type === 'pipe') return stringLeaves(def.in as SchemaNode, steps);
  if (def.type === 'object') {
    return Object.entries(def.shape as Record<string, SchemaNode>).flatMap(([field, child]) => stringLeaves(child, [...steps, { field }]));
  }
  if (def.type === 'array') return stringLeaves(def.element as SchemaNode, [...steps, { item: true }]);
  if (def.type === 'record') {
    return [...stringLeaves(def.keyType as SchemaNode, [...steps, { recordKey: true }]), ...stringLeaves(def.valueType as SchemaNode, [...steps, { recordValue: true }])];
  }
  if (def.type === 'union') {
    // A discriminated union's branch is only read with its discriminator: carry the branch's literal along.
    const discriminator = def.discriminator as string | undefined;
    return (def.options as SchemaNode[]).flatMap((option) => {
      const literal = discriminator ? (option._zod.def.shape as Record<string, SchemaNode>)[discriminator]?._zod.def.values : undefined;
      const fixed = discriminator && Array.isArray(literal) ? [{ fixed: { [discriminator]: literal[0] } }] : [];
      return stringLeaves(option, [...steps, ...fixed]);
    });
  }
  if (def.type === 'intersection') return [...stringLeaves(def.left as SchemaNode, steps), ...stringLeaves(def.right as SchemaNode, steps)];
  return [];
}

/** The smallest input that puts `value` at the leaf; other required fields missing is fine. */
function inputWith(steps: Step[], value: string): unknown {
  const [step, ...rest] = steps;
  if (!step) return value;
  if ('fixed' in step) return { ...step.fixed, ...(inputWith(rest, value) as object) };
  if ('field' in step) return { [step.field]: inputWith(rest, value) };
  if ('item' in step) return [inputWith(rest, value)];
  if ('recordKey' in step) return { [value]: 'x' };
  return { key: inputWith(rest, value) };
}

/** How the refused field reads in the error message: "filter.city", "fields", "target.queries.0". */
function fieldName(steps: Step[]): string {
  return steps
    .filter((step) => !('recordKey' in step) && !('fixed' in step))
    .map((step) => ('field' in step ? step.field : 'item' in step ? '0' : 'key'))
    .join('.');
}

const cases = Object.entries(appRouter._def.procedures).flatMap(([path, procedure]) => {
  const inputs = (procedure as unknown as { _def: { inputs: SchemaNode[] } })._def.inputs;
  return inputs.flatMap((schema) =>
    stringLeaves(schema).map((leaf) => ({ path, field: fieldName(leaf.steps), ...leaf })),
  );
});

const BAD_VALUES = [
  { label: 'NUL', value: 'bad\u0000value', message: NUL_MESSAGE },
  { label: 'lone high surrogate', value: 'bad\uD83Dvalue', message: LONE_SURROGATE_MESSAGE },
  { label: 'lone low surrogate', value: '\uDE00value', message: LONE_SURROGATE_MESSAGE },
];

let database: TestDatabase;
let sql: Sql;
let owner: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'text-inputs-test' });
  owner = await createMember(sql, { email: 'owner@text.test', role: 'admin', workspaceName: 'Text' });
  await claimInstanceOwnership(sql, owner.userId, true);
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

function call(path: string, input: unknown): Promise<unknown> {
  // The owner passes every access check, so what answers is the input validation.
  const caller = createCaller(testContext(sql, { user: { id: owner.userId, email: owner.email, role: 'admin' }, workspace: { id: owner.workspaceId, name: 'Text', slug: 'text' } }));
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  return fn(input);
}

describe('text inputs', () => {
  it('finds the text fields of every procedure, including the ones that used to reach Postgres', () => {
    const found = cases.map((entry) => `${entry.path} ${entry.field}`);
    expect(found).toEqual(
      expect.arrayContaining(['audit.list actor', 'settings.updateWorkspace name', 'tokens.create name', 'leads.importStart defaultCountry', 'leads.list search', 'keys.set fields', 'campaigns.create target.queries.0']),
    );
  });

  it.each(cases.flatMap((entry) => BAD_VALUES.map((bad) => ({ ...entry, ...bad }))))(
    '$path $field: refuses a $label with BAD_REQUEST naming the field',
    async ({ path, steps, field, format, value, message }) => {
      const error = await call(path, inputWith(steps, value)).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('BAD_REQUEST');
      // A uuid, email or date field refuses it by its format; plain text says what is wrong, and where.
      if (!format) expect((error as TRPCError).message).toContain(`${field}: `);
      if (!format) expect((error as TRPCError).message).toContain(message);
    },
  );
});
