import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startSwitchboard, type RunningSwitchboard } from './server.ts';

const ADMIN_PASSWORD = 'admin password for the journey';
let switchboard: RunningSwitchboard;
let browser: Browser;

beforeAll(async () => {
  [switchboard, browser] = await Promise.all([startSwitchboard(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await switchboard?.stop();
});

/** The admin reveals the newest link for `to` in the sandbox outbox (waiting for the worker to send it) and returns it. */
async function revealOutboxLink(adminPage: Page, to: string): Promise<string> {
  const reveal = adminPage.getByRole('button', { name: `Reveal the link for ${to}` }).first();
  for (let attempt = 0; attempt < 50; attempt += 1) {
    await adminPage.goto(`${switchboard.baseUrl}/admin/outbox`);
    if ((await reveal.count()) > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await reveal.click();
  return adminPage.getByRole('textbox', { name: `One-time link for ${to}` }).inputValue();
}

describe('access journey', () => {
  it('setup link → first admin → allowlisted operator signs in by link, is kept out of Admin and sees only their workspace', async () => {
    // 1. The console printed a one-time setup link on the empty database.
    const setupUrl = /http:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+/.exec(switchboard.output())?.[0];
    expect(setupUrl).toBeDefined();
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    adminPage.setDefaultTimeout(5_000);
    // A refused setup form answers 200 with its field errors on the page: no failed request in the console.
    const setupTrouble: string[] = [];
    adminPage.on('console', (message) => {
      if (message.type() === 'error') setupTrouble.push(message.text());
    });
    adminPage.on('response', (response) => {
      if (response.status() >= 400) setupTrouble.push(`${response.status()} ${response.url()}`);
    });
    await adminPage.goto(setupUrl!);
    await adminPage.getByLabel('Workspace name').fill('   ');
    await adminPage.getByLabel('Your email').fill('ada@acme.test');
    await adminPage.getByLabel('Password').fill(ADMIN_PASSWORD);
    await adminPage.getByRole('button', { name: 'Create workspace and admin' }).click();
    await adminPage.getByRole('alert').getByText('Check the highlighted fields.').waitFor();
    await adminPage.getByText('Give the workspace a name.').waitFor();
    expect(setupTrouble).toEqual([]);
    // A field is named by its label alone; its hint and its error describe it (they sit inside the label element).
    const workspaceName = adminPage.getByRole('textbox', { name: 'Workspace name', exact: true });
    expect(await workspaceName.evaluate((input) => (input as HTMLInputElement).labels?.[0]?.textContent)).toContain('Give the workspace a name.');
    expect(await workspaceName.getAttribute('aria-invalid')).toBe('true');
    await adminPage.getByRole('textbox', { name: 'Password', exact: true }).waitFor();
    await adminPage.getByLabel('Workspace name').fill('Acme Outbound');
    await adminPage.getByLabel('Password').fill(ADMIN_PASSWORD);
    await adminPage.getByRole('button', { name: 'Create workspace and admin' }).click();
    // The end of setup lands on Campaigns, where the work starts.
    await adminPage.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();

    // 2. The admin allowlists an operator.
    await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await adminPage.getByRole('link', { name: 'Allowlist' }).click();
    await adminPage.getByLabel('Email or domain').fill('Olive@Acme.test');
    await adminPage.getByLabel('Role', { exact: true }).selectOption('operator');
    await adminPage.getByRole('button', { name: 'Allowlist', exact: true }).click();
    const added = adminPage.getByRole('status').filter({ hasText: 'olive@acme.test can now sign in; a sign-in link is on its way.' });
    // In the sandbox the link is not on its way to anyone's inbox: the admin is told where it is.
    await added.getByRole('link', { name: 'Admin → Outbox' }).waitFor();

    // 3. The operator, in another browser context, asks for a sign-in link. In the sandbox it lands in
    // the admins' outbox, which the operator cannot read: the admin reveals it and hands it over.
    const operator = await browser.newContext();
    const operatorPage = await operator.newPage();
    operatorPage.setDefaultTimeout(5_000);
    await operatorPage.goto(`${switchboard.baseUrl}/outbox`);
    expect(new URL(operatorPage.url()).pathname).toBe('/sign-in');
    await operatorPage.getByRole('note', { name: 'Links in the sandbox' }).getByText('copies it from').waitFor();
    await operatorPage.getByLabel('Email').fill('olive@acme.test');
    await operatorPage.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await operatorPage.getByText('If this address may sign in, a sign-in link is on its way.').waitFor();
    const link = await revealOutboxLink(adminPage, 'olive@acme.test');
    expect(link).toMatch(/\/auth\/link\?token=/);
    await operatorPage.goto(link);
    await operatorPage.getByRole('button', { name: 'Continue to Switchboard' }).click();
    // Signed in. Which page it lands on depends on which of olive's two links was revealed (the
    // allowlisting's invitation goes to Campaigns, the requested one back to /outbox: tests/sign-in-link.test.ts).
    await operatorPage.locator('.account').waitFor();
    expect(['/outbox', '/campaigns']).toContain(new URL(operatorPage.url()).pathname);
    expect(await operatorPage.locator('.account').textContent()).toContain('olive@acme.test · operator');
    expect(await operatorPage.locator('.account-workspace').textContent()).toBe('Acme Outbound');

    // 4. Admin pages answer 403 with a page that says so.
    const response = await operatorPage.goto(`${switchboard.baseUrl}/admin/allowlist`);
    expect(response?.status()).toBe(403);
    await operatorPage.getByRole('heading', { name: 'Admins only' }).waitFor();

    // 5. Someone not on the allowlist is refused as a wrong password is, and told about a link as an
    // allowlisted address is (the page does not tell who may sign in); the console reports no failed request.
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    const consoleErrors: string[] = [];
    strangerPage.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await strangerPage.goto(`${switchboard.baseUrl}/sign-in`);
    await strangerPage.getByLabel('Email').fill('eve@elsewhere.test');
    await strangerPage.getByLabel('Password').fill('any password at all');
    await strangerPage.getByRole('button', { name: 'Sign in', exact: true }).click();
    await strangerPage.getByRole('alert').getByText('Email or password is incorrect.').waitFor();
    await strangerPage.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await strangerPage.getByText('If this address may sign in, a sign-in link is on its way.').waitFor();
    // The operator's link, already used: the page says so (answered 200) and offers a new one.
    await strangerPage.goto(link);
    await strangerPage.getByRole('button', { name: 'Continue to Switchboard' }).click();
    await strangerPage.getByRole('alert').getByText('This link has expired or was already used. Ask for a new one.').waitFor();
    await strangerPage.getByRole('link', { name: 'Ask for a new sign-in link' }).waitFor();
    expect(consoleErrors).toEqual([]);

    // Provider keys: stored for the workspace, never shown back, only the hint.
    await adminPage.getByRole('link', { name: 'Provider keys' }).click();
    // No Vapi key: calls go to the sandbox caller, which this server runs (as `pnpm start` does).
    await adminPage.getByRole('article', { name: 'Vapi' }).getByText('sandbox', { exact: true }).waitFor();
    await adminPage.getByTestId('key-state-vapi').getByText('No key: runs in the sandbox').waitFor();
    await adminPage.getByLabel('OpenAI API key').fill('sk-journey-secret-key-00009f3c');
    await adminPage.getByRole('article', { name: 'OpenAI' }).getByRole('button', { name: 'Save' }).click();
    await adminPage.getByTestId('key-state-openai').getByText('Workspace key set, ends in …9f3c').waitFor();
    expect(await adminPage.content()).not.toContain('sk-journey-secret-key');

    // The operator joined the admin's workspace on first sign-in.
    await adminPage.getByRole('link', { name: 'Members' }).click();
    await adminPage.getByRole('heading', { name: 'Members' }).waitFor();
    await adminPage.getByRole('cell', { name: 'olive@acme.test', exact: true }).waitFor();
    await Promise.all([admin.close(), operator.close(), stranger.close()]);
    // Nothing secret reached the logs of the run that stored the key (web and worker, at debug level).
    expect(switchboard.output()).not.toContain('sk-journey-secret-key');
    expect(switchboard.output()).not.toContain(ADMIN_PASSWORD);
    // A long journey in two browsers, including waiting for the worker to send the link.
  }, 60_000);
});
