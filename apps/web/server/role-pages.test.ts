import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestMember } from '../../../tests/accounts.ts';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

let workspace: RolesWebWorkspace;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('role-pages-test', { workspaceName: 'Roles', emails: { admin: 'ada@roles.test', operator: 'otto@roles.test', viewer: 'vera@roles.test' } });
  ({ web, members } = workspace);
});

afterAll(() => workspace.close());

const get = (path: string, member: TestMember) => fetch(`${web.base}${path}`, { headers: { cookie: member.cookie } });

describe('pages by role', () => {
  it('offers campaign creation to operators and admins, and tells a viewer who can', async () => {
    for (const role of ['admin', 'operator'] as const) {
      const html = await (await get('/campaigns', members[role])).text();
      expect(html, role).toContain('Create one below');
    }
    const viewerHtml = await (await get('/campaigns', members.viewer)).text();
    expect(viewerHtml).toContain('An operator or admin creates campaigns; they appear here.');
    expect(viewerHtml).not.toContain('Create one below');
  });

  it('lists in the menu only the pages the role may open', async () => {
    const menu = async (role: 'admin' | 'operator' | 'viewer') => {
      const html = await (await get('/campaigns', members[role])).text();
      const nav = /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
      return [...nav.matchAll(/href="([^"]+)"/g)].map((match) => match[1]);
    };
    const everyone = ['/campaigns', '/mailboxes', '/leads', '/analytics', '/calls', '/inbox', '/health', '/system'];
    expect((await menu('admin')).sort()).toEqual([...everyone, '/suppressions', '/jobs', '/admin'].sort());
    expect((await menu('operator')).sort()).toEqual([...everyone, '/suppressions'].sort());
    expect((await menu('viewer')).sort()).toEqual([...everyone].sort());
    expect((await get('/suppressions', members.viewer)).status).toBe(403);
    expect((await get('/jobs', members.operator)).status).toBe(403);
  });

  it('opens the admin pages to admins only', async () => {
    expect((await get('/admin/members', members.admin)).status).toBe(200);
    expect((await get('/admin/members', members.operator)).status).toBe(403);
    expect((await get('/admin/members', members.viewer)).status).toBe(403);
  });

  it('answers a campaign form with missing fields with 200 and the page pointing at them, and a viewer with 403', async () => {
    const post = (member: TestMember) =>
      fetch(`${web.base}/campaigns?index`, {
        method: 'POST',
        headers: { cookie: member.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.base },
        body: new URLSearchParams({ name: '' }),
      });
    const bad = await post(members.operator);
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain('Check the highlighted fields.');
    expect((await post(members.viewer)).status).toBe(403);
  });
});
