import type { RelationshipHealthStatus } from '@switchboard/core';
import { StatusPill, type Tone } from './status-pill.tsx';

const HEALTH_TONE: Record<RelationshipHealthStatus, Tone> = { healthy: 'good', at_risk: 'warn', critical: 'bad', ghost: 'neutral' };

/** A lead's relationship health status as a pill: green, amber, red, and grey for a lead that stopped answering. */
export function HealthPill({ status, label }: { status: RelationshipHealthStatus; label: string }) {
  return <StatusPill tone={HEALTH_TONE[status]}>{label}</StatusPill>;
}

/** The signals behind a health score, most important first, as the scoring wrote them. */
export function HealthReasons({ reasons }: { reasons: readonly string[] }) {
  if (reasons.length === 0) return <span className="muted">No signals yet.</span>;
  return (
    <ul className="health-reasons">
      {reasons.map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
    </ul>
  );
}
