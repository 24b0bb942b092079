import type { LeadSourceKind, ScoreReason } from '@switchboard/core';
import type { ReviewLead } from '../utils/lead-outputs.ts';
import { UtcTime } from './utc-time.tsx';

/** A contact as the review queue gets it; the lead's page gets more of each, which these lists ignore. */
export type EvidenceContact = ReviewLead['contacts'][number];

/** A source as the review queue gets it; the lead's page adds when it was found and what it said. */
export type EvidenceSource = ReviewLead['sources'][number] & { foundAt?: Date | string; evidence?: Record<string, unknown> };

const SOURCE_LABELS: Record<LeadSourceKind, string> = {
  search: 'Web search',
  places: 'Business listing',
  website: 'Its website',
  import: 'CSV import',
};

function isWebAddress(ref: string): boolean {
  return /^https?:\/\//i.test(ref);
}

/** Why the lead scored what it did: each reason with the points it earned of those it could. */
export function ScoreReasons({ reasons }: { reasons: readonly ScoreReason[] }) {
  if (reasons.length === 0) return <p className="muted">Not scored yet.</p>;
  return (
    <ul className="reason-list">
      {reasons.map((reason) => (
        <li key={reason.code} className={reason.points > 0 ? 'reason-earned' : 'reason-missing'}>
          <span className="reason-mark" aria-hidden="true">{reason.points > 0 ? '✓' : '–'}</span>
          <span>{reason.label}</span>
          <span className="muted small">
            {reason.points}/{reason.max}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ContactList({ contacts }: { contacts: readonly EvidenceContact[] }) {
  if (contacts.length === 0) return <p className="muted">No contacts found.</p>;
  return (
    <ul className="evidence-list">
      {contacts.map((contact) => (
        <li key={contact.id}>
          {contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : null}
          {contact.name ? <span> {contact.name}</span> : null}
          {contact.role ? <span className="muted"> · {contact.role}</span> : null}
          {contact.phone ? <span className="mono"> {contact.phone}</span> : null}
          {contact.sourcePage ? (
            <span className="muted small">
              {' '}
              found on{' '}
              <a href={contact.sourcePage} rel="noreferrer noopener" target="_blank">
                {shortUrl(contact.sourcePage)}
              </a>
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Where the lead was found, with what each source said (the query, the listing, the page). */
export function SourceList({ sources, detailed = false }: { sources: readonly EvidenceSource[]; detailed?: boolean }) {
  if (sources.length === 0) return <p className="muted">No sources recorded.</p>;
  return (
    <ul className="evidence-list">
      {sources.map((source) => (
        <li key={source.id}>
          <strong>{SOURCE_LABELS[source.kind]}</strong>{' '}
          {isWebAddress(source.ref) ? (
            <a href={source.ref} rel="noreferrer noopener" target="_blank">
              {shortUrl(source.ref)}
            </a>
          ) : (
            <span className="mono small">{source.ref}</span>
          )}
          {detailed && source.foundAt ? <span className="muted small"> · <UtcTime at={source.foundAt} /></span> : null}
          {detailed && source.evidence && Object.keys(source.evidence).length > 0 ? <EvidenceFacts evidence={source.evidence} /> : null}
        </li>
      ))}
    </ul>
  );
}

function EvidenceFacts({ evidence }: { evidence: Record<string, unknown> }) {
  return (
    <dl className="facts evidence-facts">
      {Object.entries(evidence).map(([key, value]) => (
        <div key={key} className="fact-row">
          <dt>{humanKey(key)}</dt>
          <dd>{describeValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** "reviewCount" → "review count": evidence keys are code names. */
function humanKey(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(describeValue).join(value.some((item) => typeof item === 'object') ? ' · ' : ', ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, item]) => `${humanKey(key)}: ${describeValue(item)}`)
      .join('; ');
  }
  return JSON.stringify(value);
}

function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname === '/' ? '' : parsed.pathname;
    return `${parsed.host}${path}`.slice(0, 80);
  } catch {
    return url.slice(0, 80);
  }
}
