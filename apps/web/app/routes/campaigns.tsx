import type { MetaFunction } from '@remix-run/node';
import { ComingSoon } from '../components/coming-soon.tsx';

export const meta: MetaFunction = () => [{ title: 'Campaigns · Switchboard' }];

export default function CampaignsPage() {
  return (
    <ComingSoon
      title="Campaigns"
      description="Campaign boards: targets, sequences and live progress for every email and call campaign, with start and pause."
    />
  );
}
