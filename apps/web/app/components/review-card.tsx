import { Link, useFetcher } from '@remix-run/react';
import { forwardRef } from 'react';
import type { ReviewLead } from '../utils/lead-outputs.ts';
import { ContactList, ScoreReasons, SourceList } from './lead-evidence.tsx';
import { ConfidencePill, ScoreBadge } from './lead-pills.tsx';
import { useLeadVocabulary } from './lead-vocabulary.tsx';
import { PossibleDuplicateNote } from './possible-duplicate-note.tsx';

export function decisionFetcherKey(leadId: string): string {
  return `decide-${leadId}`;
}

/**
 * One lead in the approval queue with the evidence to decide on beside it. Its buttons are plain
 * forms (they work without JavaScript); with it, they post in the background and the page keeps
 * its place.
 */
export const ReviewCard = forwardRef<
  HTMLElement,
  { lead: ReviewLead; current: boolean; selected: boolean; rejecting: boolean; canDecide: boolean; onSelect: (selected: boolean) => void; onFocus: () => void; onCancelReject: () => void }
>(function ReviewCard({ lead, current, selected, rejecting, canDecide, onSelect, onFocus, onCancelReject }, ref) {
  const fetcher = useFetcher<{ message?: string }>({ key: decisionFetcherKey(lead.id) });
  const { rejectReasons } = useLeadVocabulary();
  const busy = fetcher.state !== 'idle';
  const failed = fetcher.state === 'idle' ? fetcher.data?.message : undefined;
  return (
    <article
      ref={ref}
      className={`review-card${current ? ' current' : ''}${busy ? ' busy' : ''}`}
      aria-label={lead.name}
      aria-current={current ? 'true' : undefined}
      data-lead-id={lead.id}
      onClick={onFocus}
    >
      <header className="review-card-header">
        <label className="checkbox">
          <input type="checkbox" name="ids" value={lead.id} form="bulk-selection" checked={selected} onChange={(event) => onSelect(event.currentTarget.checked)} />
          <span className="visually-hidden">Select {lead.name}</span>
        </label>
        <h3>
          <Link to={`/leads/${lead.id}`}>{lead.name}</Link>
        </h3>
        <ScoreBadge score={lead.score} />
        <ConfidencePill confidence={lead.confidence} />
        <span className="muted">{[lead.category, [lead.city, lead.region].filter(Boolean).join(', ')].filter(Boolean).join(' · ')}</span>
      </header>
      {lead.possibleDuplicateOf ? <PossibleDuplicateNote duplicate={lead.possibleDuplicateOf} /> : null}
      <div className="review-evidence">
        <div>
          <h4>Reach</h4>
          <p className="small">
            {lead.website ? (
              <a href={lead.website} rel="noreferrer noopener" target="_blank">{lead.website}</a>
            ) : (
              <span className="muted">No website</span>
            )}
            <br />
            {lead.phone ? <span className="mono">{lead.phone}</span> : <span className="muted">No phone</span>}
            {lead.rating !== null ? (
              <>
                <br />
                {lead.rating} ★ · {lead.reviewCount ?? 0} reviews
              </>
            ) : null}
          </p>
          <ContactList contacts={lead.contacts} />
        </div>
        <div>
          <h4>Score</h4>
          <ScoreReasons reasons={lead.scoreReasons} />
        </div>
        <div>
          <h4>Found via</h4>
          <SourceList sources={lead.sources} />
          {lead.moreEvidence ? (
            <p className="small">
              <Link to={`/leads/${lead.id}`}>All contacts and sources</Link>
            </p>
          ) : null}
        </div>
      </div>
      {canDecide ? (
        <footer className="review-actions">
          <fetcher.Form method="post" className="inline-form">
            <input type="hidden" name="id" value={lead.id} />
            <button type="submit" name="intent" value="approve" className="button" disabled={busy}>
              Approve
            </button>
          </fetcher.Form>
          <fetcher.Form method="post" className="inline-form">
            <input type="hidden" name="id" value={lead.id} />
            {rejecting ? (
              <span className="reason-prompt" role="group" aria-label={`Why reject ${lead.name}?`}>
                <span>Reject why?</span>
                {rejectReasons.map((reason, index) => (
                  <button key={reason.value} type="submit" name="reason" value={reason.value} className="secondary-button" disabled={busy}>
                    <kbd>{index + 1}</kbd> {reason.label}
                  </button>
                ))}
                <input type="hidden" name="intent" value="reject" />
                <button type="button" className="link-button" onClick={onCancelReject}>
                  Cancel <kbd>Esc</kbd>
                </button>
              </span>
            ) : (
              <>
                <RejectSelect leadId={lead.id} />
                <button type="submit" name="intent" value="reject" className="secondary-button danger-text" disabled={busy}>
                  Reject
                </button>
              </>
            )}
          </fetcher.Form>
          {failed ? (
            <span className="bad-text" role="alert">
              {failed}
            </span>
          ) : null}
        </footer>
      ) : null}
    </article>
  );
});

function RejectSelect({ leadId }: { leadId: string }) {
  const { rejectReasons } = useLeadVocabulary();
  return (
    <>
      <label className="visually-hidden" htmlFor={`reject-reason-${leadId}`}>
        Reject reason
      </label>
      <select id={`reject-reason-${leadId}`} name="reason" required defaultValue="">
        <option value="" disabled>
          Reason…
        </option>
        {rejectReasons.map((reason) => (
          <option key={reason.value} value={reason.value}>{reason.label}</option>
        ))}
      </select>
    </>
  );
}
