import { connect } from 'node:net';
import { appRouter } from '@switchboard/api';
import { leaves, plausible, withValue, type Leaf, type SchemaNode } from '@switchboard/api/testing';
import { createCampaign, createSql, mergeLeadCandidates, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';
import { LEAD_IMPORT_UPLOAD_PATH } from './lead-import-upload.ts';
import { pageDataProblems } from './page-data-probe.ts';
import { everyRouteUrl, SOME_ID } from './route-urls.ts';

// An attacker's pass over every tRPC procedure through the real server: as nobody, as an operator and
// as an admin, each gets an empty body, wrong types, a megabyte of text, a deeply nested object,
// another workspace's ids, the call 50 times (and 20 times) in one batch, and 10 times at once.
// Whatever a procedure makes of it, the answer is no 5xx, and no stack trace or SQL leaks into it.
// The in-process field-by-field pass is malformed-inputs.test.ts; the NOT_FOUND for each foreign id
// is tenant-isolation.test.ts. Pages and uploads are probed the same way below.

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: SchemaNode[];
}

const procedures = Object.entries(appRouter._def.procedures)
  .map(([path, procedure]) => ({ path, def: (procedure as unknown as { _def: ProcedureDef })._def }))
  .filter(({ def }) => def.type !== 'subscription')
  // Signing out ends the probe's own sessions: those go last, so every other procedure meets a live session.
  .sort((a, b) => Number(/^auth\.signOut/.test(a.path)) - Number(/^auth\.signOut/.test(b.path)));

const MEGABYTE = 'x'.repeat(1_000_000);
const PARALLEL_REQUESTS = 10;
// Deeper than any schema, within what a URL can carry for a query (each level is 16 characters encoded).
const NESTING_DEPTH = { query: 700, mutation: 5_000 } as const;
const DEEP_MARK = '"__deeply nested__"';

/** `{"a":{"a":…}}` as JSON text, `depth` levels deep (built as text: JSON.stringify would overflow the test's own stack). */
function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function wrongTypeFor(leaf: Leaf): unknown {
  if (leaf.type === 'string' || leaf.type === 'enum' || leaf.type === 'literal') return 42;
  if (leaf.type === 'array') return 'not a list';
  return 'not a number';
}

/** Every field of the input set by `valueFor` (fields it gives undefined for keep their plausible value). */
function everyLeaf(schema: SchemaNode, valueFor: (leaf: Leaf) => unknown): unknown {
  return leaves(schema).reduce<unknown>((input, leaf) => {
    const value = valueFor(leaf);
    return value === undefined ? input : withValue(input, leaf.path, value);
  }, plausible(schema));
}

interface Foreign {
  workspaceId: string;
  userId: string;
  campaignId: string;
  leadId: string;
}

/** Another workspace's id for a uuid field, picked by the field's and the procedure's names. */
function foreignIdFor(path: string, leaf: Leaf, foreign: Foreign): string | undefined {
  if (leaf.format !== 'uuid' && leaf.format !== 'guid') return undefined;
  const name = `${path} ${leaf.path.join('.')}`.toLowerCase();
  if (/workspace/.test(name)) return foreign.workspaceId;
  if (/user|member/.test(name)) return foreign.userId;
  if (/lead|health/.test(name)) return foreign.leadId;
  return foreign.campaignId;
}

/** What one call sends: its input as JSON text, or nothing at all. */
interface Variant {
  label: string;
  json: string | undefined;
}

function variantsOf(path: string, def: ProcedureDef, foreign: Foreign): Variant[] {
  const schema = def.inputs[0];
  const deep = nestedJson(NESTING_DEPTH[def.type === 'query' ? 'query' : 'mutation']);
  if (!schema) return [{ label: 'no input', json: undefined }, { label: 'an unexpected, deeply nested input', json: deep }];
  const firstField = leaves(schema)[0]?.path ?? [];
  return [
    { label: 'an empty body', json: undefined },
    { label: 'wrong types', json: JSON.stringify(everyLeaf(schema, wrongTypeFor)) },
    { label: 'a string instead of the input', json: '"malformed"' },
    {
      label: 'a megabyte of text',
      json: JSON.stringify(leaves(schema).some((leaf) => leaf.type === 'string') ? everyLeaf(schema, (leaf) => (leaf.type === 'string' ? MEGABYTE : undefined)) : MEGABYTE),
    },
    { label: 'a deeply nested object', json: JSON.stringify(withValue(plausible(schema), firstField, '__deeply nested__')).replace(DEEP_MARK, deep) },
    { label: 'another workspace’s ids', json: JSON.stringify(everyLeaf(schema, (leaf) => foreignIdFor(path, leaf, foreign))) },
  ];
}

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let operator: TestMember;
let admin: TestMember;
let foreign: Foreign;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'procedure-probe-test' });
  web = await startTestWebServer(sql, database.url);
  admin = await createMember(sql, { email: 'admin@probe.test', role: 'admin', workspaceName: 'Probe' });
  operator = await createMember(sql, { email: 'operator@probe.test', role: 'operator', workspaceId: admin.workspaceId });
  const other = await createMember(sql, { email: 'admin@other.test', role: 'admin', workspaceName: 'Other' });
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  const campaign = await createCampaign(sql, { workspaceId: other.workspaceId, name: 'Other campaign', timeZone: 'UTC', target, createdBy: other.userId });
  const merged = await mergeLeadCandidates(sql, {
    workspaceId: other.workspaceId,
    campaignId: campaign.id,
    candidates: [{ name: 'Other Plumbing', city: 'Austin', country: 'US', source: { kind: 'search', ref: 'https://other-plumbing.example.com/', evidence: {} } }],
  });
  foreign = { workspaceId: other.workspaceId, userId: other.userId, campaignId: campaign.id, leadId: merged.leads[0]!.leadId };
}, 60_000);

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

/** One request as tRPC's own client would send it: queries by GET with ?input=, mutations by POST. */
function send(path: string, type: ProcedureDef['type'], variant: Variant, cookie: string | null, batchOf = 0): Promise<Response> {
  const headers: Record<string, string> = { origin: web.base, ...(cookie ? { cookie } : {}) };
  const paths = batchOf > 0 ? Array<string>(batchOf).fill(path).join(',') : path;
  const query = batchOf > 0 ? '?batch=1' : '';
  // A batch's input is an object keyed by position; an empty body stays empty.
  const wire =
    variant.json === undefined || batchOf === 0 ? variant.json : `{${Array.from({ length: batchOf }, (_, index) => `"${index}":${variant.json}`).join(',')}}`;
  if (type === 'query') {
    const input = wire === undefined ? '' : `${query ? '&' : '?'}input=${encodeURIComponent(wire)}`;
    return fetch(`${web.base}/api/trpc/${paths}${query}${input}`, { headers });
  }
  return fetch(`${web.base}/api/trpc/${paths}${query}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: wire ?? '' });
}

// What must never reach a client: a stack frame, a file of ours, or Postgres speaking.
const LEAKS = [
  /\n\s+at \S+ \(/,
  /\bat (async )?\S+ \(?(file:|node:|\/)/,
  /"stack"\s*:\s*"/,
  /node_modules|\/packages\/|\/apps\/|\.ts:\d+/,
  /syntax error at or near|violates \w+ constraint|relation "|column "|invalid input syntax|PostgresError|SQLSTATE/i,
  // SQL itself, not a sentence such as "Select leads from the list" or "Delete from the allowlist".
  /\bselect\s+(\*|[\w."]+\s*,\s*[\w."]+|[\w."]+\s+as\s+")[\s\S]{0,200}?\bfrom\s+\w+/i,
  /\binsert into \w+ \(|\bupdate \w+ set \w+ =|\bdelete from \w+ where\b/i,
];

async function problemsOf(response: Response): Promise<string[]> {
  const body = await response.text();
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`HTTP ${response.status}`);
  // Inside a batch (or a 207), each call's own status.
  for (const match of body.matchAll(/"httpStatus"\s*:\s*(5\d\d)/g)) problems.push(`a call answered ${match[1]}`);
  if (body.includes('INTERNAL_SERVER_ERROR')) problems.push('INTERNAL_SERVER_ERROR');
  for (const leak of LEAKS) if (leak.test(body)) problems.push(`leaks ${leak}: ${body.slice(0, 300)}`);
  return problems;
}

const ROLES = ['anonymous', 'operator', 'admin'] as const;
const cookieOf = (role: (typeof ROLES)[number]) => (role === 'anonymous' ? null : role === 'operator' ? operator.cookie : admin.cookie);

// Query strings and forms no page of ours makes: unknown sorts, impossible pages, prototype keys, bad ids.
const JUNK_QUERY = '?page=-1&limit=1e309&sort=__proto__&order=sideways&status=constructor&from=2026-02-30&campaignId=not-a-uuid&q=%00';
const JUNK_FORMS: [string, Record<string, string>, string][] = [
  ['a form naming things that do not exist', { 'content-type': 'application/x-www-form-urlencoded' }, `intent=delete&id=${SOME_ID}&userId=${SOME_ID}&campaignId=${SOME_ID}`],
  ['a form of wrong values', { 'content-type': 'application/x-www-form-urlencoded' }, 'intent=__proto__&id=not-a-uuid&role=owner&limitPerDay=-5&confirm=maybe&name=%00'],
  ['a broken multipart body', { 'content-type': 'multipart/form-data; boundary=made-up' }, 'not multipart at all'],
];

describe('every page, probed signed in', () => {
  it('answers junk queries and junk forms with no 5xx and no stack trace, as operator and admin', async () => {
    // Not /sign-out: it would end the sessions the rest of this file probes with (anonymous-doors.test.ts posts to it).
    const urls = (await everyRouteUrl()).filter((url) => url !== '/sign-out');
    const problems: string[] = [];
    for (const member of [operator, admin]) {
      for (const url of urls) {
        const page = await fetch(`${web.base}${url}${JUNK_QUERY}`, { redirect: 'manual', headers: { cookie: member.cookie } });
        for (const problem of await problemsOf(page)) problems.push(`${member.email} GET ${url} with a junk query: ${problem}`);
        for (const [label, headers, body] of JUNK_FORMS) {
          const posted = await fetch(`${web.base}${url}`, { method: 'POST', redirect: 'manual', headers: { ...headers, cookie: member.cookie, origin: web.base }, body });
          for (const problem of await problemsOf(posted)) problems.push(`${member.email} POST ${url} with ${label}: ${problem}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers old-style page data (?_data=) of a made-up route or a real one with a 4xx in words, as operator and admin', async () => {
    for (const member of [operator, admin]) expect(await pageDataProblems(web.base, member.cookie)).toEqual([]);
  });

  it('still reads a well-formed multipart form after checking that it parses', async () => {
    const form = new FormData();
    form.set('intent', 'import');
    form.set('file', new File(['email\nkeep-away@probe.test\n'], 'suppressions.csv', { type: 'text/csv' }));
    const response = await fetch(`${web.base}/suppressions`, { method: 'POST', headers: { cookie: admin.cookie, origin: web.base }, body: form });
    expect([response.status, (await response.text()).replaceAll('<!-- -->', '')]).toEqual([200, expect.stringContaining('Imported suppressions.csv: 1 added')]);
  });

  it('answers broken lead-file uploads with a 4xx, never a 5xx', async () => {
    const uploads: [string, Record<string, string>, string][] = [
      ...JUNK_FORMS,
      ['a multipart body cut off mid-file', { 'content-type': 'multipart/form-data; boundary=b' }, '--b\r\nContent-Disposition: form-data; name="file"; filename="leads.csv"\r\n\r\nName,City\nA,B'],
      ['a part that is no file', { 'content-type': 'multipart/form-data; boundary=b' }, '--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--b--\r\n'],
      ['JSON', { 'content-type': 'application/json' }, '{"file":"x"}'],
    ];
    const problems: string[] = [];
    for (const member of [operator, admin]) {
      for (const [label, headers, body] of uploads) {
        const response = await fetch(`${web.base}${LEAD_IMPORT_UPLOAD_PATH}`, { method: 'POST', headers: { ...headers, cookie: member.cookie, origin: web.base }, body });
        if (response.status < 400) problems.push(`${member.email} upload with ${label}: accepted with ${response.status}`);
        for (const problem of await problemsOf(response)) problems.push(`${member.email} upload with ${label}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers a request line too long to read with 431 and a sentence', async () => {
    const response = await fetch(`${web.base}/api/trpc/leads.list?input=${'x'.repeat(100_000)}`, { headers: { cookie: admin.cookie } });
    expect([response.status, await response.text()]).toEqual([431, expect.stringContaining('too long')]);
  });

  it('answers bytes that are not HTTP with 400 and a sentence', async () => {
    const { port } = new URL(web.base);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('HELLO THERE\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*This request is not valid HTTP\.\n$/);
  });
});

describe('every tRPC procedure, probed as an attacker would', () => {
  it('finds every procedure of the app router, and probes it with live sessions', async () => {
    expect(procedures.length).toBeGreaterThan(100);
    for (const member of [operator, admin]) {
      const me = await fetch(`${web.base}/api/trpc/auth.me`, { headers: { cookie: member.cookie } });
      expect(await me.json()).toMatchObject({ result: { data: { user: { email: member.email } } } });
    }
    expect(procedures.map(({ path }) => path)).toEqual(expect.arrayContaining(['auth.signIn', 'leads.list', 'tokens.create', 'system.ping']));
  });

  it.each(procedures)('$path answers no 5xx and leaks no stack or SQL, as anonymous, operator and admin', async ({ path, def }) => {
    const problems: string[] = [];
    for (const role of ROLES) {
      const cookie = cookieOf(role);
      const variants = variantsOf(path, def, foreign);
      for (const variant of variants) {
        for (const problem of await problemsOf(await send(path, def.type, variant, cookie))) problems.push(`${role}, ${variant.label}: ${problem}`);
      }
      const ordinary = variants.find((variant) => variant.label === 'another workspace’s ids') ?? variants[0]!;
      const fifty = await send(path, def.type, ordinary, cookie, 50);
      if (fifty.status !== 400) problems.push(`${role}, a batch of 50: HTTP ${fifty.status}, not the 400 that refuses it`);
      for (const problem of await problemsOf(fifty)) problems.push(`${role}, a batch of 50: ${problem}`);
      // The most a batch may carry, all run at once: no limit breaks into a 5xx under that.
      for (const problem of await problemsOf(await send(path, def.type, ordinary, cookie, 20))) problems.push(`${role}, a batch of 20: ${problem}`);
      // And as separate requests at once, each with its own context (per-request limits do not cover these).
      const parallel = await Promise.all(Array.from({ length: PARALLEL_REQUESTS }, () => send(path, def.type, ordinary, cookie)));
      for (const response of parallel) for (const problem of await problemsOf(response)) problems.push(`${role}, ${PARALLEL_REQUESTS} requests at once: ${problem}`);
    }
    expect(problems).toEqual([]);
  });
});
