import type { MetaFunction } from '@remix-run/node';
import { ComingSoon } from '../components/coming-soon.tsx';

export const meta: MetaFunction = () => [{ title: 'Health · Switchboard' }];

export default function HealthPage() {
  return (
    <ComingSoon
      title="Health"
      description="Deal and relationship health scores, refreshed on a schedule, with the signals behind each score."
    />
  );
}
