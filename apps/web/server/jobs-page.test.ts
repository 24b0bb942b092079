import { randomUUID } from 'node:crypto';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

// The jobs page says a job is back in its queue, and asks to confirm a retry, only for a job it found
// among the admin's own: a crafted link never puts its words on the page in the product's voice.

const CRAFTED = 'Your account is locked. Call +1 555 0100 to unlock it';

let workspace: RolesWebWorkspace;
let web: RolesWebWorkspace['web'];
let admin: TestMember;
let failedJob: string;
let otherWorkspaceJob: string;

/** A leads.import job that failed for good. */
async function failedImport(workspaceId: string): Promise<string> {
  const id = (await web.boss.send('leads.import', { workspaceId, importId: randomUUID() }, { retryLimit: 0 }))!;
  const [fetched] = await web.boss.fetch('leads.import', { batchSize: 1 });
  expect(fetched?.id).toBe(id);
  await web.boss.fail('leads.import', id, { error: 'import failed' });
  return id;
}

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('jobs-page-test', {
    workspaceName: 'Jobs',
    emails: { admin: 'ada@jobs.test', operator: 'otto@jobs.test', viewer: 'vera@jobs.test' },
  });
  ({ web } = workspace);
  admin = workspace.members.admin;
  await web.boss.createQueue('leads.import');
  const other = await createMember(workspace.sql, { email: 'admin@other.test', role: 'admin', workspaceName: 'Other' });
  otherWorkspaceJob = await failedImport(other.workspaceId);
  failedJob = await failedImport(admin.workspaceId);
});

afterAll(() => workspace.close());

const page = async (search: string) => {
  const response = await fetch(`${web.base}/jobs?${search}`, { redirect: 'manual', headers: { cookie: admin.cookie } });
  expect(response.status).toBe(200);
  return (await response.text()).replaceAll('<!-- -->', '');
};

/** What the page shows as text, and the data it hands the browser: no tags, so no link's URL. */
const shownText = (html: string) => html.replace(/<[^>]*>/g, ' ');

describe('the jobs page and the job its link names', () => {
  it('echoes no crafted text: a retried or retry value that names none of the admin’s jobs shows nothing', async () => {
    const crafted = [
      CRAFTED,
      `leads.import/${CRAFTED}`,
      `${CRAFTED}/${randomUUID()}`,
      // Well-formed, but no such job, and another workspace's job.
      `leads.import/${randomUUID()}`,
      `leads.import/${otherWorkspaceJob}`,
      // An old link's bare id.
      failedJob,
    ];
    for (const value of crafted) {
      for (const name of ['retried', 'retry']) {
        const html = await page(new URLSearchParams({ [name]: value }).toString());
        expect({ name, value, notice: html.includes('back in its queue'), confirm: html.includes('Run the failed') }).toEqual({ name, value, notice: false, confirm: false });
        // The page's own links keep the URL's parameters (encoded); its text and its data say nothing of them.
        expect(shownText(html)).not.toContain(otherWorkspaceJob);
        expect(html).not.toContain(CRAFTED);
      }
    }
  });

  it('asks to confirm a retry of the admin’s failed job, retries it, and says so', async () => {
    const asking = await page(`retry=leads.import/${failedJob}`);
    expect(asking).toContain('Run the failed leads.import job again?');
    expect(asking).toContain(`<input type="hidden" name="id" value="${failedJob}"/>`);

    const retried = await fetch(`${web.base}/jobs?retry=leads.import/${failedJob}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.base },
      body: new URLSearchParams({ intent: 'retry', queue: 'leads.import', id: failedJob }),
    });
    expect(retried.status).toBe(302);
    const location = new URL(retried.headers.get('location')!, web.base);
    expect(location.searchParams.get('retried')).toBe(`leads.import/${failedJob}`);
    expect(location.searchParams.has('retry')).toBe(false);
    const html = await page(location.searchParams.toString());
    expect(/data-testid="job-retried">([^<]*)</.exec(html)?.[1]).toBe(`Job ${failedJob} is back in its queue; a worker picks it up within seconds.`);
  });
});
