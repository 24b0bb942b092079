import { Invalid } from '@switchboard/core';
import { openSecret, sealSecret } from '@switchboard/core/crypto';

const NO_MASTER_KEY = 'IMAP passwords cannot be stored until SWITCHBOARD_SECRET is set (pnpm start generates one in the data directory).';

/** Bound to its workspace and mailbox, so a sealed password copied onto another row does not decrypt. */
function context(workspaceId: string, mailboxId: string): string {
  return `mailbox-imap:${workspaceId}:${mailboxId}`;
}

export function sealMailboxPassword(masterKey: Buffer | null, workspaceId: string, mailboxId: string, password: string): string {
  if (!masterKey) throw new Invalid(NO_MASTER_KEY);
  return sealSecret(password, masterKey, context(workspaceId, mailboxId));
}

export function openMailboxPassword(masterKey: Buffer | null, workspaceId: string, mailboxId: string, sealed: string): string {
  if (!masterKey) throw new Invalid(NO_MASTER_KEY);
  return openSecret(sealed, masterKey, context(workspaceId, mailboxId));
}
