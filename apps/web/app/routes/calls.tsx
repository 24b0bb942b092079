import type { MetaFunction } from '@remix-run/node';
import { ComingSoon } from '../components/coming-soon.tsx';

export const meta: MetaFunction = () => [{ title: 'Calls · Switchboard' }];

export default function CallsPage() {
  return (
    <ComingSoon
      title="Calls"
      description="Live AI voice calls as they happen, under the workspace concurrency cap, with outcomes and recordings."
    />
  );
}
