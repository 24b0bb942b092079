import type { MetaFunction } from '@remix-run/node';
import { ComingSoon } from '../components/coming-soon.tsx';

export const meta: MetaFunction = () => [{ title: 'Admin · Switchboard' }];

export default function AdminPage() {
  return (
    <ComingSoon
      title="Admin"
      description="Members and roles, the sign-in allowlist, provider keys, API tokens and the audit log."
    />
  );
}
