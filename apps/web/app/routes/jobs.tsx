import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { ConfirmPanel } from '../components/confirm-panel.tsx';
import { FormMessage } from '../components/field.tsx';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { JOB_STATE_LABELS, JobsTable, QueueCountsPanel, SchedulesPanel } from '../components/jobs-panels.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import type { ApiInputs } from '../utils/api-types.ts';
import { jobLinkValue } from '../utils/job-link.ts';
import { loadLinkedJob } from '../utils/linked-job.server.ts';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import { requestError, throwRequestError, formAnswerStatus } from '../utils/request-errors.server.ts';

export const meta: MetaFunction = () => [{ title: 'Jobs · Switchboard' }];

const PAGE_SIZE = 50;

/** The list's filters as they appear in the URL, so a view can be shared. */
function jobsQuery(params: URLSearchParams) {
  const read = (name: string) => params.get(name)?.trim() || undefined;
  const queue = read('queue');
  const state = read('state');
  const before = read('before');
  // Checked by the procedure: a value it does not know is left out, and the page says so.
  return { ...(queue ? { queue } : {}), ...(state ? { state: state as ApiInputs['jobs']['list']['state'] } : {}), ...(before ? { before } : {}) };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  try {
    const findJob = (link: { queue: string; id: string }) => context.trpc.jobs.get(link);
    const [overview, { page, query, ignored }, retrying, retried] = await Promise.all([
      context.trpc.jobs.overview(),
      loadWithLinkFilters({ query: jobsQuery(params), names: { queue: 'queue', state: 'state', before: 'page link' }, pageKey: 'before' }, (query) =>
        context.trpc.jobs.list({ ...query, limit: PAGE_SIZE }),
      ),
      // The job to confirm a retry of, and the one just retried: named on the page only once found among the caller's.
      loadLinkedJob(params.get('retry'), findJob),
      loadLinkedJob(params.get('retried'), findJob),
    ]);
    return { overview, page, query, ignored, retrying, retried };
  } catch (error) {
    throwRequestError(error);
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get('intent') !== 'retry') return { message: 'Nothing to do: the form asked for no known action.' };
  const queue = String(form.get('queue') ?? '');
  const id = String(form.get('id') ?? '');
  try {
    await context.trpc.jobs.retry({ queue, id });
  } catch (error) {
    const problem = requestError(error);
    if (!problem) throw error;
    return data({ message: problem.message }, { status: formAnswerStatus(problem.status) });
  }
  const back = new URL(request.url).searchParams;
  back.delete('retry');
  back.set('retried', jobLinkValue({ queue, id }));
  return redirect(`/jobs?${back.toString()}`);
}

export default function JobsPage() {
  const { overview, page, query, ignored, retrying: confirm, retried } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const withParams = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    next.delete('retried');
    // A filter the page left out stays out of its links.
    for (const key of ['queue', 'state', 'before'] as const) if (!query[key]) next.delete(key);
    change(next);
    return `?${next.toString()}`;
  };
  const cancelTo = withParams((next) => next.delete('retry'));
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Jobs</h1>
          <p className="muted">Background queues, schedules and recent jobs: what failed, and why. For admins.</p>
        </div>
      </header>
      {retried ? (
        <p className="form-message" role="status" data-testid="job-retried">
          Job {retried.id} is back in its queue; a worker picks it up within seconds.
        </p>
      ) : null}
      {confirm ? (
        <ConfirmPanel
          question={`Run the failed ${confirm.queue} job again?`}
          detail={
            <>
              It goes back in its queue for one more attempt with the same payload. Its handler claims its work first, so a send or call
              that already happened is not repeated, and work its record already marks finished or failed (a discovery task, an
              import) is not redone: start that again from its own page.
              {result ? <FormMessage message={result.message} /> : null}
            </>
          }
          confirmLabel="Retry the job"
          cancelTo={cancelTo}
        >
          <input type="hidden" name="intent" value="retry" />
          <input type="hidden" name="queue" value={confirm.queue} />
          <input type="hidden" name="id" value={confirm.id} />
        </ConfirmPanel>
      ) : null}
      <div className="grid">
        <QueueCountsPanel overview={overview} />
        {overview.installationJobs ? <SchedulesPanel schedules={overview.schedules} /> : null}
        <section className="card wide" aria-labelledby="recent-jobs-heading">
          <h2 id="recent-jobs-heading">Recent jobs</h2>
          <p className="muted">
            Newest first, from the last {overview.windowHours} hours. Payloads stay on the server: the ids below say what a job is about,
            and errors are cut short.
          </p>
          <Form method="get" className="inline-form filters">
            <div className="field">
              <label className="field-label" htmlFor="jobs-queue">Queue</label>
              <select id="jobs-queue" name="queue" defaultValue={query.queue ?? ''}>
                <option value="">All queues</option>
                {overview.queues.map((queue) => (
                  <option key={queue.queue} value={queue.queue}>
                    {queue.queue}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field-label" htmlFor="jobs-state">State</label>
              <select id="jobs-state" name="state" defaultValue={query.state ?? ''}>
                <option value="">Any state</option>
                {Object.entries(JOB_STATE_LABELS).map(([state, label]) => (
                  <option key={state} value={state}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="secondary-button">Filter</button>
          </Form>
          <IgnoredFiltersNote message={ignored} />
          {page.jobs.length === 0 ? (
            <p className="muted">No jobs match these filters in the last {overview.windowHours} hours. Choose another queue or state.</p>
          ) : (
            <JobsTable jobs={page.jobs} retryHref={(job) => withParams((next) => next.set('retry', jobLinkValue(job)))} />
          )}
          <p>
            {query.before ? <Link to={withParams((next) => next.delete('before'))}>Newest jobs</Link> : null}{' '}
            {page.nextCursor ? <Link to={withParams((next) => next.set('before', page.nextCursor!))}>Older jobs</Link> : null}
          </p>
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/jobs" backLabel="Back to all jobs" />;
}
