import { Forbidden, Invalid, RateLimited } from '@switchboard/core';
import {
  addAllowlistEntry,
  createSql,
  createWorkspace,
  findUserByEmail,
  listAudit,
  setPasswordHash,
  upsertUser,
  type Sql,
  type Workspace,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { capturedLog } from '../testing/captured-log.ts';
import { recordingStatements } from '../testing/recording-statements.ts';
import { NOT_ALLOWLISTED_MESSAGE } from './admission.ts';
import { hashPassword } from './password-hashing.ts';
import { resolveSession } from './sessions.ts';
import { signInWithPassword, WRONG_CREDENTIALS_MESSAGE } from './sign-in.ts';

const PASSWORD = 'correct horse battery staple';
let database: TestDatabase;
let sql: Sql;
let workspace: Workspace;

async function createAccount(email: string, role: 'admin' | 'operator' | 'viewer' = 'operator') {
  await addAllowlistEntry(sql, { workspaceId: workspace.id, kind: 'email', value: email, role, createdBy: null });
  const user = await upsertUser(sql, { email });
  await setPasswordHash(sql, user.id, await hashPassword(PASSWORD));
  return user;
}

const origin = (ip: string) => ({ ip, userAgent: 'vitest' });
const { log, lines: logLines } = capturedLog('sign-in-test');

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'sign-in-test' });
  workspace = await createWorkspace(sql, { name: 'Acme', slug: 'acme' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('signInWithPassword', () => {
  it('signs an allowlisted user in with a fresh session each time, joining their workspace', async () => {
    const user = await createAccount('olive@acme.test', 'operator');
    const first = await signInWithPassword(sql, { email: 'Olive@Acme.test', password: PASSWORD, ...origin('10.0.0.1') }, log);
    const second = await signInWithPassword(sql, { email: 'olive@acme.test', password: PASSWORD, ...origin('10.0.0.1') }, log);
    expect(first.sessionToken).not.toBe(second.sessionToken);
    expect(first.workspaceId).toBe(workspace.id);
    const session = await resolveSession(sql, first.sessionToken);
    expect(session?.user).toEqual({ id: user.id, email: 'olive@acme.test', role: 'operator' });
    const audit = await listAudit(sql, { workspaceId: workspace.id, action: 'auth.sign_in', limit: 10 });
    expect(audit.map((entry) => entry.actorLabel)).toEqual(['olive@acme.test', 'olive@acme.test']);
  });

  it('refuses an email that is not allowlisted as it refuses a wrong password (so it tells nothing), and creates nothing', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(signInWithPassword(sql, { email: 'stranger@elsewhere.test', password: PASSWORD, ...origin('10.0.0.2') }, log)).rejects.toThrow(
        new Invalid(WRONG_CREDENTIALS_MESSAGE),
      );
    }
    expect(await findUserByEmail(sql, 'stranger@elsewhere.test')).toBeNull();
  });

  it('audits an allowlisted address’s failed sign-in, and only logs a stranger’s, which the limits still count', async () => {
    await createAccount('audited@acme.test');
    const stranger = 'nobody-here@elsewhere.test';
    const before = logLines.length;
    for (const email of ['audited@acme.test', stranger, stranger]) {
      await expect(signInWithPassword(sql, { email, password: 'a wrong password', ...origin('10.0.5.1') }, log)).rejects.toThrow(new Invalid(WRONG_CREDENTIALS_MESSAGE));
    }
    const audited = await sql<{ actor: string; action: string; workspace: string | null }[]>`
      select actor_label as actor, action, workspace_id as workspace from audit_log where action = 'auth.sign_in_failed' and ip = '10.0.5.1'`;
    expect(audited).toEqual([{ actor: 'audited@acme.test', action: 'auth.sign_in_failed', workspace: workspace.id }]);
    const [counted]: [{ failures: number }?] = await sql`select count(*)::int as failures from sign_in_attempts where email = ${stranger} and not succeeded`;
    expect(counted?.failures).toBe(2);
    const logged = logLines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([
      expect.objectContaining({ level: 30, action: 'auth.sign_in_failed', method: 'password', emailDomain: 'elsewhere.test', ip: '10.0.5.1' }),
      expect.objectContaining({ level: 30, action: 'auth.sign_in_failed', emailDomain: 'elsewhere.test' }),
    ]);
    expect(logLines.slice(before).join('')).not.toMatch(/a wrong password|nobody-here/);
  });

  it('waits on the same statements for a stranger’s failed sign-in as for an allowlisted address’s', async () => {
    await createAccount('timed@acme.test');
    const statementsOf = async (email: string, ip: string) => {
      const statements: string[] = [];
      await expect(signInWithPassword(recordingStatements(sql, statements), { email, password: 'a wrong password', ...origin(ip) }, log)).rejects.toThrow(Invalid);
      return statements;
    };
    const allowlisted = await statementsOf('timed@acme.test', '10.0.6.1');
    const stranger = await statementsOf('timed@elsewhere.test', '10.0.6.2');
    // The attempt's row, then after the password check the audit entries (one statement), or the stranger's attempt row marked failed.
    expect(allowlisted.filter((kind) => kind !== 'select')).toEqual(['begin', 'insert', 'insert']);
    expect(stranger.filter((kind) => kind !== 'select')).toEqual(['begin', 'insert', 'update']);
    const writesAs = (kinds: string[]) => kinds.map((kind) => (['insert', 'update'].includes(kind) ? 'write' : kind));
    expect(writesAs(stranger)).toEqual(writesAs(allowlisted));
  });

  it('tells someone taken off the allowlist why, once their password proved right', async () => {
    const former = await upsertUser(sql, { email: 'former@elsewhere.test' });
    await setPasswordHash(sql, former.id, await hashPassword(PASSWORD));
    await expect(signInWithPassword(sql, { email: 'former@elsewhere.test', password: 'not the password', ...origin('10.0.0.4') }, log)).rejects.toThrow(
      new Invalid(WRONG_CREDENTIALS_MESSAGE),
    );
    const refusal = signInWithPassword(sql, { email: 'former@elsewhere.test', password: PASSWORD, ...origin('10.0.0.4') }, log);
    await expect(refusal).rejects.toThrow(new Forbidden(NOT_ALLOWLISTED_MESSAGE));
  });

  it('gives the same answer for a wrong password and an allowlisted address without an account', async () => {
    await createAccount('wendy@acme.test');
    await addAllowlistEntry(sql, { workspaceId: workspace.id, kind: 'email', value: 'noaccount@acme.test', role: 'viewer', createdBy: null });
    await expect(signInWithPassword(sql, { email: 'wendy@acme.test', password: 'wrong password!!', ...origin('10.0.0.3') }, log)).rejects.toThrow(
      new Invalid(WRONG_CREDENTIALS_MESSAGE),
    );
    await expect(signInWithPassword(sql, { email: 'noaccount@acme.test', password: PASSWORD, ...origin('10.0.0.3') }, log)).rejects.toThrow(
      new Invalid(WRONG_CREDENTIALS_MESSAGE),
    );
  });

  it('locks an account after five failures, even with the right password, and says for how long', async () => {
    await createAccount('target@acme.test');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(signInWithPassword(sql, { email: 'target@acme.test', password: 'guess number one', ...origin(`10.1.0.${attempt}`) }, log)).rejects.toThrow(Invalid);
    }
    const locked = signInWithPassword(sql, { email: 'target@acme.test', password: PASSWORD, ...origin('10.1.0.99') }, log);
    await expect(locked).rejects.toThrow(RateLimited);
    await expect(signInWithPassword(sql, { email: 'target@acme.test', password: PASSWORD, ...origin('10.1.0.99') }, log)).rejects.toThrow(
      /Too many failed sign-ins\. Try again in 15 minutes\./,
    );
  });

  it('limits one IP spraying many accounts', async () => {
    for (let account = 0; account < 20; account += 1) {
      await expect(
        signInWithPassword(sql, { email: `spray${account}@acme.test`, password: 'whatever password', ...origin('10.9.9.9') }, log),
      ).rejects.toThrow();
    }
    await createAccount('innocent@acme.test');
    await expect(signInWithPassword(sql, { email: 'innocent@acme.test', password: PASSWORD, ...origin('10.9.9.9') }, log)).rejects.toThrow(RateLimited);
    await expect(signInWithPassword(sql, { email: 'innocent@acme.test', password: PASSWORD, ...origin('10.9.9.10') }, log)).resolves.toBeDefined();
  });
});

