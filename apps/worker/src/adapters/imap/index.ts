export { openInboxSession, type ImapLogin, type InboxMessage, type InboxSession } from './inbox-session.ts';
