import type { RejectReason } from '@switchboard/core';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData, useSearchParams, useSubmit } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ConfirmPanel } from '../components/confirm-panel.tsx';
import { FormMessage } from '../components/field.tsx';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { LeadFilterFields } from '../components/lead-filter-fields.tsx';
import { RejectReasonSelect } from '../components/reject-reason-select.tsx';
import { useLeadVocabulary } from '../components/lead-vocabulary.tsx';
import { decisionFetcherKey, ReviewCard } from '../components/review-card.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { formatCount } from '../utils/format.ts';
import { describeLeadFilter, hasLeadFilter, LEAD_FILTER_NAMES, leadFilterFromParams, leadFilterParams, type LeadFilterQuery } from '../utils/lead-filters.ts';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import { LEAD_LIST_RELOAD_MS, useRevalidateOnLiveEvent } from '../utils/live-revalidate.ts';
import { requestError, throwRequestError, formAnswerStatus } from '../utils/request-errors.server.ts';
import { formatNumber } from '@switchboard/core';

export const meta: MetaFunction = () => [{ title: 'Review queue · Leads · Switchboard' }];

const PAGE_SIZE = 20;
type Decision = 'approve' | 'reject';

/** The queue's own filters: status is always "pending review". */
function queueFilter(params: URLSearchParams): Omit<LeadFilterQuery, 'status'> {
  const { status: _status, ...filter } = leadFilterFromParams(params);
  return filter;
}

function decisionOf(value: unknown): Decision | null {
  return value === 'approve' || value === 'reject' ? value : null;
}

function leadsWord(count: number): string {
  return count === 1 ? '1 lead' : `${formatNumber(count)} leads`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const cursor = params.get('after') ?? undefined;
  const confirm = decisionOf(params.get('confirm'));
  try {
    const [{ page: queue, query, ignored }, campaigns] = await Promise.all([
      // An id, confidence or page link the API refuses is left out, and the page says so.
      loadWithLinkFilters(
        { query: { ...queueFilter(params), ...(cursor ? { cursor } : {}) }, names: { ...LEAD_FILTER_NAMES, cursor: 'page link' }, pageKey: 'cursor' },
        (query) => context.trpc.leads.reviewQueue({ ...query, limit: PAGE_SIZE }),
      ),
      context.trpc.campaigns.names(),
    ]);
    const { cursor: shownCursor, ...filter } = query;
    // Counted with the filter the queue shows, so the confirmation acts on exactly those leads.
    const preview = confirm ? await context.trpc.leads.bulkPreview({ event: confirm, target: { filter } }) : null;
    return { queue, campaigns, preview, filter, filtered: hasLeadFilter(filter), shownCursor: shownCursor ?? null, ignored };
  } catch (error) {
    throwRequestError(error);
  }
}

/** The filter a bulk confirmation posts back, read from the form's hidden fields. */
function filterFromForm(form: FormData): Omit<LeadFilterQuery, 'status'> {
  const params = new URLSearchParams();
  for (const [key, value] of form.entries()) if (typeof value === 'string') params.append(key, value);
  return queueFilter(params);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const reason = String(form.get('reason') ?? '') as RejectReason;
  try {
    switch (intent) {
      case 'approve':
        await context.trpc.leads.approve({ id: String(form.get('id') ?? '') });
        return { message: undefined, selection: null };
      case 'reject':
        await context.trpc.leads.reject({ id: String(form.get('id') ?? ''), reason });
        return { message: undefined, selection: null };
      case 'preview-selection': {
        const event = decisionOf(form.get('event')) ?? 'approve';
        const ids = form.getAll('ids').map(String);
        if (ids.length === 0) return { message: 'Select leads first: tick them, or press x on the current one.', selection: null };
        const preview = await context.trpc.leads.bulkPreview({ event, target: { ids } });
        return { message: undefined, selection: { event, ids, count: preview.count } };
      }
      case 'bulk-selection':
      case 'bulk-filter': {
        const event = decisionOf(form.get('event')) ?? 'approve';
        const filter = filterFromForm(form);
        const target = intent === 'bulk-selection' ? { ids: form.getAll('ids').map(String) } : { filter };
        const result = await context.trpc.leads.bulkTransition({ event, target, ...(event === 'reject' ? { reason } : {}) });
        const back = intent === 'bulk-filter' ? leadFilterParams(filter) : new URLSearchParams(new URL(request.url).search);
        back.delete('confirm');
        back.set('done', `${event}:${result.changed}`);
        return redirect(`/leads/review?${back.toString()}`);
      }
      default:
        return { message: 'Unknown action.', selection: null };
    }
  } catch (error) {
    const problem = requestError(error);
    if (!problem) throw error;
    return data({ message: problem.message, selection: null }, { status: formAnswerStatus(problem.status) });
  }
}

const DONE_WORDS: Record<Decision, string> = { approve: 'Approved', reject: 'Rejected' };

/** Keys typed into a field are text, not shortcuts; a focused button or checkbox leaves them shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'submit', 'button'].includes(target.type);
}

export default function ReviewQueuePage() {
  const { queue, campaigns, preview, filter, filtered, shownCursor, ignored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const canDecide = root?.can.operate ?? false;
  const [params] = useSearchParams();
  const campaignName = campaigns.find((campaign) => campaign.id === filter.campaignId)?.name;
  const describedFilter = describeLeadFilter(filter, campaignName);
  const confirm = decisionOf(params.get('confirm'));
  const [doneEvent, doneCount] = (params.get('done') ?? '').split(':');
  const done = decisionOf(doneEvent);

  const leads = queue.leads;
  const [currentIndex, setCurrentIndex] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [rejectingId, setRejectingId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const cards = useRef(new Map<string, HTMLElement>());
  const submit = useSubmit();
  const vocabulary = useLeadVocabulary();

  // Decided leads leave the list; the cursor stays at the same position, which is now the next lead.
  const current = leads[Math.min(currentIndex, Math.max(0, leads.length - 1))];
  useEffect(() => {
    setSelected((previous) => new Set([...previous].filter((id) => leads.some((lead) => lead.id === id))));
  }, [leads]);
  // The reviewer's own decisions reload through their action; others' changes and discovery's stream at most every LEAD_LIST_RELOAD_MS.
  useRevalidateOnLiveEvent('leads.changed', undefined, { spacedMs: { 'leads.changed': LEAD_LIST_RELOAD_MS } });

  const decide = useCallback(
    (leadId: string, event: Decision, reason?: RejectReason) => {
      const lead = leads.find((candidate) => candidate.id === leadId);
      submit(
        { intent: event, id: leadId, ...(reason ? { reason } : {}) },
        { method: 'post', navigate: false, fetcherKey: decisionFetcherKey(leadId), preventScrollReset: true },
      );
      setRejectingId(null);
      setAnnouncement(`${DONE_WORDS[event]} ${lead?.name ?? 'the lead'}.`);
    },
    [leads, submit],
  );

  const move = useCallback(
    (step: number) => {
      setRejectingId(null);
      setCurrentIndex((index) => {
        const next = Math.max(0, Math.min(leads.length - 1, Math.min(index, leads.length - 1) + step));
        const id = leads[next]?.id;
        if (id) cards.current.get(id)?.scrollIntoView({ block: 'nearest' });
        return next;
      });
    },
    [leads],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target) || confirm) return;
      if (!current) return;
      if (rejectingId) {
        const reason = vocabulary.rejectReasons[Number(event.key) - 1]?.value;
        if (reason) {
          event.preventDefault();
          decide(rejectingId, 'reject', reason);
        } else if (event.key === 'Escape') {
          setRejectingId(null);
        }
        return;
      }
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          event.preventDefault();
          move(1);
          break;
        case 'k':
        case 'ArrowUp':
          event.preventDefault();
          move(-1);
          break;
        case 'a':
          if (canDecide) decide(current.id, 'approve');
          break;
        case 'r':
          if (canDecide) setRejectingId(current.id);
          break;
        case 'x':
          setSelected((previous) => {
            const next = new Set(previous);
            if (next.has(current.id)) next.delete(current.id);
            else next.add(current.id);
            return next;
          });
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current, rejectingId, canDecide, confirm, decide, move, vocabulary]);

  // The page's own links carry the filter it shows, not what the link said and it left out.
  const cancelParams = leadFilterParams(filter);
  if (shownCursor) cancelParams.set('after', shownCursor);
  const nextParams = leadFilterParams(filter);
  if (queue.nextCursor) nextParams.set('after', queue.nextCursor);

  return (
    <>
      {done ? (
        <p role="status" className="notice" data-testid="bulk-done">
          {DONE_WORDS[done]} {leadsWord(Number(doneCount) || 0)}.
        </p>
      ) : null}
      <FormMessage message={result?.message} />

      {confirm && preview ? (
        preview.count === 0 ? (
          <section className="confirm-panel" role="status">
            <p className="confirm-question">No leads waiting for review {describedFilter || 'right now'}: nothing to {confirm}.</p>
            <Link to={`?${cancelParams.toString()}`} className="secondary-button">Back to the queue</Link>
          </section>
        ) : (
          <ConfirmPanel
            question={`${confirm === 'approve' ? 'Approve' : 'Reject'} ${leadsWord(preview.count)}${describedFilter ? ` ${describedFilter}` : ' waiting for review'}?`}
            detail={confirm === 'approve' ? 'Approved leads can be used for outreach.' : 'Rejected leads stay in the list with the reason; they can be reopened from their page.'}
            confirmLabel={`${confirm === 'approve' ? 'Approve' : 'Reject'} ${leadsWord(preview.count)}`}
            cancelTo={`?${cancelParams.toString()}`}
            tone={confirm === 'reject' ? 'danger' : 'normal'}
          >
            <input type="hidden" name="intent" value="bulk-filter" />
            <input type="hidden" name="event" value={confirm} />
            {[...leadFilterParams(filter).entries()].map(([key, value], index) => (
              <input key={`${key}-${index}`} type="hidden" name={key} value={value} />
            ))}
            {confirm === 'reject' ? <RejectReasonSelect id="bulk-filter-reason" /> : null}
          </ConfirmPanel>
        )
      ) : null}

      {result?.selection ? (
        result.selection.count === 0 ? (
          <p className="form-message" role="alert">None of the selected leads is waiting for review any more.</p>
        ) : (
          <ConfirmPanel
            question={`${result.selection.event === 'approve' ? 'Approve' : 'Reject'} the ${leadsWord(result.selection.count)} you selected?`}
            confirmLabel={`${result.selection.event === 'approve' ? 'Approve' : 'Reject'} ${leadsWord(result.selection.count)}`}
            cancelTo={`?${cancelParams.toString()}`}
            tone={result.selection.event === 'reject' ? 'danger' : 'normal'}
          >
            <input type="hidden" name="intent" value="bulk-selection" />
            <input type="hidden" name="event" value={result.selection.event} />
            {result.selection.ids.map((id) => (
              <input key={id} type="hidden" name="ids" value={id} />
            ))}
            {result.selection.event === 'reject' ? <RejectReasonSelect id="bulk-selection-reason" /> : null}
          </ConfirmPanel>
        )
      ) : null}

      <section className="card wide" aria-labelledby="review-heading">
        <div className="card-header">
          <h2 id="review-heading">
            Waiting for review <span className="muted count" data-testid="review-total">{formatCount(queue.total)}</span>
          </h2>
          <p className="keyboard-help muted" aria-label="Keyboard shortcuts">
            <kbd>j</kbd>/<kbd>↓</kbd> next · <kbd>k</kbd>/<kbd>↑</kbd> previous · <kbd>a</kbd> approve · <kbd>r</kbd> reject (then <kbd>1</kbd>–<kbd>{vocabulary.rejectReasons.length}</kbd> for the reason) · <kbd>x</kbd> select
          </p>
        </div>
        <Form method="get" className="inline-form filters" aria-label="Filter the queue">
          <LeadFilterFields idPrefix="review" campaigns={campaigns} filter={filter} />
          <button type="submit" className="secondary-button">Show</button>
          {canDecide ? (
            <>
              <button type="submit" name="confirm" value="approve" className="button">Approve all matching…</button>
              <button type="submit" name="confirm" value="reject" className="secondary-button danger-text">Reject all matching…</button>
            </>
          ) : null}
          {filtered ? <Link to="/leads/review">Clear filters</Link> : null}
        </Form>
        <IgnoredFiltersNote message={ignored} />

        {canDecide && leads.length > 0 ? (
          <Form method="post" id="bulk-selection" className="inline-form bulk-bar">
            <input type="hidden" name="intent" value="preview-selection" />
            <span className="muted">{selected.size > 0 ? `${selected.size} selected` : 'Tick leads to act on several at once.'}</span>
            <button type="submit" name="event" value="approve" className="secondary-button">Approve selected…</button>
            <button type="submit" name="event" value="reject" className="secondary-button danger-text">Reject selected…</button>
            {selected.size > 0 ? (
              <button type="button" className="link-button" onClick={() => setSelected(new Set())}>Clear selection</button>
            ) : null}
          </Form>
        ) : null}

        <p className="visually-hidden" aria-live="polite">{announcement}</p>

        {leads.length === 0 ? (
          <div className="empty-state">
            <p className="empty-title">{filtered ? 'No leads waiting for review match these filters.' : 'Nothing waiting for review.'}</p>
            <p>
              {filtered ? (
                <>
                  <Link to="/leads/review">Clear the filters</Link> to see the whole queue.
                </>
              ) : (
                <>
                  New leads arrive here when a <Link to="/campaigns">campaign's discovery</Link> finishes or when you{' '}
                  <Link to="/leads/import">import a CSV</Link>.
                </>
              )}
            </p>
          </div>
        ) : (
          <div className="review-list">
            {leads.map((lead) => (
              <ReviewCard
                key={lead.id}
                ref={(element) => {
                  if (element) cards.current.set(lead.id, element);
                  else cards.current.delete(lead.id);
                }}
                lead={lead}
                current={lead.id === current?.id}
                selected={selected.has(lead.id)}
                rejecting={rejectingId === lead.id}
                canDecide={canDecide}
                onFocus={() => setCurrentIndex(leads.indexOf(lead))}
                onCancelReject={() => setRejectingId(null)}
                onSelect={(checked) =>
                  setSelected((previous) => {
                    const next = new Set(previous);
                    if (checked) next.add(lead.id);
                    else next.delete(lead.id);
                    return next;
                  })
                }
              />
            ))}
          </div>
        )}
        {queue.nextCursor ? (
          <p className="pager">
            <Link to={`?${nextParams.toString()}`}>Next {PAGE_SIZE}</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/leads/review" backLabel="Back to the review queue" />;
}
