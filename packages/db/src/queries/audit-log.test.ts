import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import { createRecordingSql, explainAnalyze, type TestDatabase } from '../testing/index.ts';
import { appendAudit, appendAuditToEach, listAudit } from './audit-log.ts';
import { createWorkspace } from './workspaces.ts';

let database: TestDatabase;
let sql: Sql;
let acme: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'audit-log-test' });
  acme = (await createWorkspace(sql, { name: 'Acme', slug: 'acme' })).id;
  const globex = (await createWorkspace(sql, { name: 'Globex', slug: 'globex' })).id;
  await sql`
    insert into audit_log (workspace_id, actor_label, action, created_at)
    select case when n % 4 = 0 then ${globex}::uuid else ${acme}::uuid end, 'person' || (n % 40) || '@acme.test', 'lead.approve',
           now() - make_interval(secs => n)
    from generate_series(1, 40000) n`;
  // An installation-wide change by someone who is no member here: Acme's log names them "instance owner".
  await appendAudit(sql, { workspaceId: null, scope: 'installation', actorUserId: null, actorLabel: 'root@installation.test', action: 'system_config.update' });
  await sql`analyze audit_log`;
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

/** listAudit's rows, and its plan as EXPLAIN ANALYZE gives it. */
async function listAndExplain(actor: string): Promise<{ actions: string[]; plan: string }> {
  const recording = createRecordingSql(database.url);
  try {
    const entries = await listAudit(recording.sql, { workspaceId: acme, actor, limit: 50 });
    return { actions: entries.map((entry) => `${entry.actorLabel} ${entry.action}`), plan: (await explainAnalyze(sql, recording.statements.at(-1)!)).join('\n') };
  } finally {
    await recording.sql.end();
  }
}

describe('the audit log actor filter', () => {
  it('finds that nothing matches from the trigram index, without reading every entry of the workspace', async () => {
    const { actions, plan } = await listAndExplain('nobody-here@');
    expect(actions).toEqual([]);
    expect(plan).toMatch(/Bitmap Index Scan on audit_log_actor_label_trgm_idx/);
    expect(plan).not.toMatch(/Seq Scan on audit_log|audit_log_workspace_created_idx|audit_log_pkey/);
    // The only entries read besides the index's matches: the installation's own, whose shown label may differ.
    expect(plan).not.toMatch(/Rows Removed by (Filter|Index Recheck): \d{3,}/);
  });

  it('still filters the label as shown: an installation entry reads "instance owner" to a workspace its actor is not in', async () => {
    expect((await listAndExplain('owner')).actions).toEqual(['instance owner system_config.update']);
    expect((await listAndExplain('root@installation')).actions).toEqual([]);
    const { actions, plan } = await listAndExplain('person17@');
    expect(actions).toHaveLength(50);
    expect(new Set(actions)).toEqual(new Set(['person17@acme.test lead.approve']));
    expect(plan).toMatch(/audit_log_actor_label_trgm_idx/);
  });
});

describe('appendAuditToEach', () => {
  it('writes the same entry once in each workspace named, in one statement, and nothing for none', async () => {
    const globex = (await createWorkspace(sql, { name: 'Globex Two', slug: 'globex-two' })).id;
    const recording = createRecordingSql(database.url);
    try {
      const entry = { actorUserId: null, actorLabel: 'failed@acme.test', action: 'auth.sign_in_failed', summary: { method: 'password' }, ip: '10.3.0.1' };
      await appendAuditToEach(recording.sql, [acme, globex], entry);
      await appendAuditToEach(recording.sql, [], { ...entry, ip: '10.3.0.2' });
      expect(recording.statements.filter((statement) => /insert into audit_log/.test(statement.query))).toHaveLength(2);
    } finally {
      await recording.sql.end();
    }
    const written = await sql<{ workspaceId: string; scope: string; summary: unknown; ip: string }[]>`
      select workspace_id as "workspaceId", scope, summary, host(ip) as ip from audit_log where actor_label = 'failed@acme.test' order by id`;
    expect(written).toEqual([
      { workspaceId: acme, scope: 'workspace', summary: { method: 'password' }, ip: '10.3.0.1' },
      { workspaceId: globex, scope: 'workspace', summary: { method: 'password' }, ip: '10.3.0.1' },
    ]);
  });
});
