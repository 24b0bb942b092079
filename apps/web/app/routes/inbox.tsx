import type { MetaFunction } from '@remix-run/node';
import { ComingSoon } from '../components/coming-soon.tsx';

export const meta: MetaFunction = () => [{ title: 'Inbox · Switchboard' }];

export default function InboxPage() {
  return (
    <ComingSoon
      title="Inbox"
      description="Replies synced from your mailboxes, matched to leads and campaigns, so follow-ups stop when someone answers."
    />
  );
}
