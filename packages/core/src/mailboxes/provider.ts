import type { ProviderKeyKind } from '../provider-keys/kinds.ts';
import type { MailboxProvider } from './settings.ts';

/**
 * How a mailbox's email would go out: through the workspace's own key, the server's, the sandbox's
 * local outbox (no email key anywhere), or nowhere (email is live through the other provider only).
 */
export type MailboxDelivery =
  | { state: 'workspace_key' | 'server_key'; message: string }
  | { state: 'sandbox'; message: string }
  | { state: 'not_configured'; message: string };

const NAME: Record<MailboxProvider, string> = { resend: 'Resend', smtp: 'SMTP' };
const WHAT: Record<MailboxProvider, string> = { resend: 'Resend API key', smtp: 'SMTP URL' };

export function mailboxDelivery(provider: MailboxProvider, keys: { workspace: readonly ProviderKeyKind[]; environment: readonly ProviderKeyKind[] }): MailboxDelivery {
  if (keys.workspace.includes(provider)) return { state: 'workspace_key', message: `${NAME[provider]}, with this workspace's key` };
  if (keys.environment.includes(provider)) return { state: 'server_key', message: `${NAME[provider]}, with the server's key` };
  const anyEmailKey = [...keys.workspace, ...keys.environment].some((kind) => kind === 'resend' || kind === 'smtp');
  if (!anyEmailKey) return { state: 'sandbox', message: 'sandbox: sends go to the local outbox' };
  return { state: 'not_configured', message: `Not configured: no ${WHAT[provider]} for this workspace or the server (Admin → Provider keys)` };
}

/** Why a mailbox cannot send right now, in words for its row; empty when it can. */
export function mailboxSendBlockers(mailbox: { status: string; postalAddress: string | null; pausedReason: string | null }, delivery: MailboxDelivery): string[] {
  const blockers: string[] = [];
  if (mailbox.status === 'archived') blockers.push('Archived');
  if (mailbox.status === 'paused') blockers.push(mailbox.pausedReason ? `Paused: ${mailbox.pausedReason}` : 'Paused');
  if (!mailbox.postalAddress) blockers.push('Add a postal address: every email’s footer needs one');
  if (delivery.state === 'not_configured') blockers.push(delivery.message);
  return blockers;
}
