import type { MetaFunction } from '@remix-run/node';
import { ComingSoon } from '../components/coming-soon.tsx';

export const meta: MetaFunction = () => [{ title: 'Jobs · Switchboard' }];

export default function JobsPage() {
  return (
    <ComingSoon
      title="Jobs"
      description="Background queues and schedules in detail: retries, failures and job logs. Queue counts are on the System page today."
    />
  );
}
