import type { MetaFunction } from '@remix-run/node';
import { ComingSoon } from '../components/coming-soon.tsx';

export const meta: MetaFunction = () => [{ title: 'Leads · Switchboard' }];

export default function LeadsPage() {
  return (
    <ComingSoon
      title="Leads"
      description="Discovered businesses and their contacts, scored and deduplicated, waiting for your approval before any outreach."
    />
  );
}
