// `pnpm switchboard admin create --email … --workspace … [--owner]`: scripted set-up of a workspace and its admin.
// `pnpm switchboard admin reset-link --email …`: a password-reset link for a locked-out account.
import { parseArgs } from 'node:util';
import { createAdmin, issuePasswordResetLink, RESET_LINK_TTL_MS } from '@switchboard/api';
import { DomainError, looksLikeEmail } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createSql, exitOnStartupError, loadConfigOrExit, migrate, type Sql } from '@switchboard/db';
import { resolveDatabase } from './lib/database.ts';
import { linkBaseUrl } from './lib/running-address.ts';

const USAGE = `Usage:
  pnpm switchboard admin create --email <address> --workspace <name> [--owner] [--password-stdin]
  pnpm switchboard admin reset-link --email <address>

admin create: creates the workspace and its admin (and allowlists the admin's email). With
--password-stdin the password is read from standard input; without it, the admin signs in with an
emailed link. With --owner the admin also becomes an instance owner, who alone may change
installation-wide settings (search quotas, scraping limits); the first admin ever created is one anyway.
admin reset-link: prints a one-time link that sets a new password for an existing account, for an
admin locked out while no email provider is set up. Keep it secret; it is recorded in the audit log.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        workspace: { type: 'string' },
        owner: { type: 'boolean' },
        'password-stdin': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const command = positionals.join(' ');
if (command !== 'admin create' && command !== 'admin reset-link') fail(`Unknown command: ${command || '(none)'}`);
if (!values.email || !looksLikeEmail(values.email)) fail('--email must be an email address');
if (command === 'admin create' && !values.workspace?.trim()) fail('--workspace must name the workspace');

const config = loadConfigOrExit();
const log = createLogger({ name: 'switchboard', level: 'warn', format: config.LOG_FORMAT });

async function createAdminCommand(sql: Sql, email: string, workspaceName: string): Promise<void> {
  const password = values['password-stdin'] ? await readStdin() : null;
  const owner = values.owner ?? false;
  const created = await sql.begin((tx) => createAdmin(tx, { email, password, workspaceName, owner }, 'cli', null));
  console.log(`Created workspace "${workspaceName.trim()}" (${created.workspaceId}) with admin ${email.trim().toLowerCase()}.`);
  if (created.isOwner) console.log('They are an instance owner: they may change installation-wide settings.');
}

async function resetLinkCommand(sql: Sql, email: string): Promise<void> {
  const token = await issuePasswordResetLink(sql, { email, issuedBy: 'cli' });
  const base = await linkBaseUrl(config);
  // The link is a credential: printed for the person at the console, never logged.
  console.log(
    `Open this link to set a new password for ${email.trim().toLowerCase()} (it works once, for ${RESET_LINK_TTL_MS / 60_000} minutes):\n\n` +
      `  ${base}/reset-password?token=${token}\n`,
  );
}

async function main(email: string): Promise<void> {
  const database = await resolveDatabase(config, log);
  try {
    const sql = createSql(database.url, { applicationName: 'switchboard-cli', max: 1 });
    try {
      await migrate(sql);
      if (command === 'admin reset-link') await resetLinkCommand(sql, email);
      else await createAdminCommand(sql, email, values.workspace ?? '');
    } finally {
      await sql.end();
    }
  } finally {
    await database.stop();
  }
}

main(values.email).catch((error: unknown) => {
  if (error instanceof DomainError) {
    console.error(error.message);
    process.exit(1);
  }
  if (error instanceof Error && /duplicate key/.test(error.message)) {
    console.error('That admin or workspace already exists.');
    process.exit(1);
  }
  exitOnStartupError(log, 'The command')(error);
});
