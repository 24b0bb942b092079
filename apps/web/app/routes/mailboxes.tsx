import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useLocation, useNavigation, useRevalidator, useSearchParams } from '@remix-run/react';
import { formatNumber, roleAllows } from '@switchboard/core';
import { ConfirmPanel } from '../components/confirm-panel.tsx';
import { FormMessage } from '../components/field.tsx';
import { MailboxForm } from '../components/mailbox-form.tsx';
import { MailboxImapForm } from '../components/mailbox-imap-form.tsx';
import { StatusPill, type Tone } from '../components/status-pill.tsx';
import { describeSendWindow, emptyMailboxForm, mailboxFormValuesOf, mailboxInputOf, readMailboxForm, weekdayChoices } from '../utils/mailbox-form.server.ts';
import { useLiveEvent, useLiveReconnect } from '../utils/live.ts';
import { formFailure, formAnswerStatus } from '../utils/request-errors.server.ts';
import { UtcTime } from '../components/utc-time.tsx';

export const meta: MetaFunction = () => [{ title: 'Mailboxes · Switchboard' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const [mailboxes, me] = await Promise.all([context.trpc.mailboxes.list(), context.trpc.auth.me()]);
  const role = me?.user.role ?? 'viewer';
  return {
    mailboxes: mailboxes.map((mailbox) => ({
      ...mailbox,
      window: describeSendWindow(mailbox.sendDays, mailbox.sendStartMinute, mailbox.sendEndMinute),
      formValues: mailboxFormValuesOf(mailbox),
    })),
    // The same rules as the mailboxes router (every procedure checks again): admins manage, operators pause.
    can: { manage: roleAllows(role, 'admin'), pause: roleAllows(role, 'operator') },
    emptyForm: emptyMailboxForm(),
    weekdays: weekdayChoices(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const id = String(form.get('id') ?? '');
  const values = intent === 'create' || intent === 'update' ? readMailboxForm(form) : undefined;
  const imap = intent === 'imap' ? readImapForm(form) : undefined;
  try {
    if (intent === 'create' && values) await context.trpc.mailboxes.create(mailboxInputOf(values));
    else if (intent === 'imap' && imap) {
      await context.trpc.mailboxes.setImap({ id, ...imap.values, port: Number(imap.values.port), password: imap.password });
      return redirect(`/mailboxes?edit=${encodeURIComponent(id)}`);
    } else if (intent === 'imap-clear') await context.trpc.mailboxes.clearImap({ id });
    else if (intent === 'update' && values) await context.trpc.mailboxes.update({ id, ...mailboxInputOf(values) });
    else if (intent === 'pause') await context.trpc.mailboxes.pause({ id, reason: String(form.get('reason') ?? '') });
    else if (intent === 'resume') await context.trpc.mailboxes.resume({ id });
    else if (intent === 'archive') await context.trpc.mailboxes.archive({ id });
    else return { intent, id, message: 'Unknown action.', errors: {}, values, imapValues: imap?.values };
    return redirect('/mailboxes');
  } catch (error) {
    const { status, failure } = formFailure(error);
    return data({ intent, id, message: failure.message, errors: failure.fieldErrors, values, imapValues: imap?.values }, { status: formAnswerStatus(status) });
  }
}

/** The IMAP form as typed (the password is read for the call only and never echoed back into the page). */
function readImapForm(form: FormData) {
  return {
    values: { host: String(form.get('host') ?? ''), port: String(form.get('port') ?? ''), tls: form.get('tls') === 'on', username: String(form.get('username') ?? '') },
    password: String(form.get('password') ?? ''),
  };
}

const IMAP: Record<'ok' | 'reconnect_needed' | 'unchecked', { tone: Tone; label: string }> = {
  ok: { tone: 'good', label: 'Reading replies' },
  reconnect_needed: { tone: 'bad', label: 'Reconnect needed' },
  unchecked: { tone: 'neutral', label: 'Not checked yet' },
};

type MailboxRow = ReturnType<typeof useLoaderData<typeof loader>>['mailboxes'][number];

const STATUS: Record<MailboxRow['status'], { tone: Tone; label: string }> = {
  active: { tone: 'good', label: 'Active' },
  paused: { tone: 'warn', label: 'Paused' },
  archived: { tone: 'neutral', label: 'Archived' },
};

const DELIVERY: Record<MailboxRow['delivery']['state'], { tone: Tone; label: string }> = {
  workspace_key: { tone: 'good', label: 'Live' },
  server_key: { tone: 'good', label: 'Live' },
  sandbox: { tone: 'neutral', label: 'Sandbox' },
  not_configured: { tone: 'bad', label: 'Not configured' },
};

type Confirmable = 'pause' | 'resume' | 'archive';

export default function MailboxesPage() {
  const { mailboxes, can, emptyForm, weekdays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const [params] = useSearchParams();
  const location = useLocation();
  // "Reconnect needed" shown or cleared by the worker's poll (or a mailbox that paused itself) shows without a reload.
  const revalidator = useRevalidator();
  const reload = () => {
    if (revalidator.state === 'idle') revalidator.revalidate();
  };
  useLiveEvent('mailboxes.changed', reload);
  useLiveReconnect(reload);

  const asked = params.get('confirm') ?? (result && ['pause', 'resume', 'archive'].includes(result.intent) ? result.intent : null);
  const askedId = params.get('id') ?? result?.id ?? null;
  const confirming = mailboxes.find((mailbox) => mailbox.id === askedId);
  const confirm: Confirmable | null = confirming && (asked === 'pause' ? can.pause : asked === 'resume' || asked === 'archive' ? can.manage : false) ? (asked as Confirmable) : null;
  const editedId = params.get('edit') ?? (result && ['update', 'imap', 'imap-clear'].includes(result.intent) ? result.id : null);
  const editing = can.manage ? mailboxes.find((mailbox) => mailbox.id === editedId) : undefined;
  const imapResult = result && (result.intent === 'imap' || result.intent === 'imap-clear') ? result : undefined;
  const formResult = result && (result.intent === 'create' || result.intent === 'update') ? result : undefined;

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Mailboxes</h1>
          <p className="muted">
            The addresses campaigns send from. Each keeps to its own limits per minute, hour and day, however many workers send, and
            only sends inside its window.
          </p>
        </div>
      </header>
      {confirm && confirming ? (
        <ConfirmPanel
          question={
            confirm === 'pause'
              ? `Pause ${confirming.fromAddress}?`
              : confirm === 'resume'
                ? `Resume ${confirming.fromAddress}?`
                : `Archive ${confirming.fromAddress}?`
          }
          detail={
            confirm === 'pause'
              ? 'It sends nothing until an admin resumes it; its campaigns go on with their other mailboxes.'
              : confirm === 'resume'
                ? `It starts sending again within its limits (${formatNumber(confirming.limitPerMinute)}/min, ${formatNumber(confirming.limitPerHour)}/hour, ${formatNumber(confirming.limitPerDay)}/day).${confirming.pausedReason ? ` It was paused because: ${confirming.pausedReason}` : ''}`
                : 'It never sends again and leaves every campaign’s rotation. What it sent stays in the history.'
          }
          confirmLabel={confirm === 'pause' ? 'Pause mailbox' : confirm === 'resume' ? 'Resume mailbox' : 'Archive mailbox'}
          cancelTo="/mailboxes"
          tone={confirm === 'resume' ? 'normal' : 'danger'}
        >
          <input type="hidden" name="intent" value={confirm} />
          <input type="hidden" name="id" value={confirming.id} />
          {confirm === 'pause' ? (
            <div className="field">
              <label className="field-label" htmlFor="pause-reason">Why</label>
              <input id="pause-reason" name="reason" required maxLength={500} placeholder="Replies say it lands in spam" />
            </div>
          ) : null}
          <FormMessage message={result && result.intent === confirm ? result.message : undefined} />
        </ConfirmPanel>
      ) : null}
      <div className="grid">
        <section className="card wide" aria-labelledby="mailboxes-heading">
          <h2 id="mailboxes-heading">All mailboxes</h2>
          {mailboxes.length === 0 ? (
            <div className="empty-state">
              <p className="empty-title">No mailboxes yet.</p>
              <p>{can.manage ? 'Add one below: the name and address emails come from, and the postal address their footer carries.' : 'An admin adds mailboxes; they appear here.'}</p>
            </div>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="mailboxes-table">
                <thead>
                  <tr>
                    <th scope="col">Mailbox</th>
                    <th scope="col">Status</th>
                    <th scope="col">Limits</th>
                    <th scope="col" className="number">Last 24 h</th>
                    <th scope="col">Window</th>
                    <th scope="col">Sends through</th>
                    <th scope="col">Replies (IMAP)</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {mailboxes.map((mailbox) => (
                    <tr key={mailbox.id} data-testid={`mailbox-${mailbox.fromAddress}`}>
                      <td>
                        <strong>{mailbox.fromName}</strong>
                        <br />
                        <span className="small">{mailbox.fromAddress}</span>
                        {mailbox.blockers.length > 0 ? (
                          <ul className="blockers small" aria-label="Why it cannot send">
                            {mailbox.blockers.map((blocker) => (
                              <li key={blocker}>{blocker}</li>
                            ))}
                          </ul>
                        ) : null}
                      </td>
                      <td>
                        <StatusPill tone={STATUS[mailbox.status].tone}>{STATUS[mailbox.status].label}</StatusPill>
                        {mailbox.pausedAt ? <span className="small muted"> since <UtcTime at={mailbox.pausedAt} /></span> : null}
                      </td>
                      <td className="small">
                        {`${formatNumber(mailbox.limitPerMinute)}/min · ${formatNumber(mailbox.limitPerHour)}/hour · ${formatNumber(mailbox.limitPerDay)}/day`}
                      </td>
                      <td className="number">
                        {`${formatNumber(mailbox.sentLastDay)} of ${formatNumber(mailbox.limitPerDay)}`}
                      </td>
                      <td className="small">{mailbox.window}</td>
                      <td>
                        <StatusPill tone={DELIVERY[mailbox.delivery.state].tone}>{DELIVERY[mailbox.delivery.state].label}</StatusPill>
                        <br />
                        <span className="small">{mailbox.delivery.message}</span>
                      </td>
                      <td data-testid="mailbox-imap">
                        {mailbox.imapHost === null ? (
                          <span className="small muted">Not set</span>
                        ) : (
                          <>
                            <StatusPill tone={IMAP[mailbox.imapStatus ?? 'unchecked'].tone}>{IMAP[mailbox.imapStatus ?? 'unchecked'].label}</StatusPill>
                            <br />
                            <span className="small">{`${mailbox.imapUsername} at ${mailbox.imapHost}:${mailbox.imapPort}`}</span>
                            {mailbox.imapError ? (
                              <>
                                <br />
                                <span className="small">{mailbox.imapError}</span>
                              </>
                            ) : null}
                            {mailbox.imapCheckedAt ? <span className="small muted"> · checked <UtcTime at={mailbox.imapCheckedAt} /></span> : null}
                          </>
                        )}
                      </td>
                      <td>
                        <div className="inline-form">
                          {can.manage ? (
                            <Link to={`?edit=${mailbox.id}`} className="secondary-button" preventScrollReset>
                              Edit
                            </Link>
                          ) : null}
                          {can.pause && mailbox.status === 'active' ? (
                            <Link to={`?confirm=pause&id=${mailbox.id}`} className="secondary-button" preventScrollReset>
                              Pause
                            </Link>
                          ) : null}
                          {can.manage && mailbox.status === 'paused' ? (
                            <Link to={`?confirm=resume&id=${mailbox.id}`} className="secondary-button" preventScrollReset>
                              Resume
                            </Link>
                          ) : null}
                          {can.manage ? (
                            <Link to={`?confirm=archive&id=${mailbox.id}`} className="secondary-button" preventScrollReset>
                              Archive
                            </Link>
                          ) : null}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {can.manage ? (
          <section className="card wide" aria-labelledby="mailbox-form-heading">
            <h2 id="mailbox-form-heading">{editing ? `Edit ${editing.fromAddress}` : 'New mailbox'}</h2>
            {editing ? (
              <p className="small">
                <Link to="/mailboxes">Cancel editing</Link>
              </p>
            ) : null}
            <FormMessage message={formResult?.message} />
            <MailboxForm
              // A mailbox added redirects here: a new location gives an empty form, not the one just saved, typed still.
              key={editing?.id ?? `new-${location.key}`}
              values={formResult?.values ?? editing?.formValues ?? emptyForm}
              errors={formResult?.errors ?? {}}
              weekdays={weekdays}
              submitLabel={editing ? 'Save mailbox' : 'Add mailbox'}
              busy={busy}
              intent={editing ? 'update' : 'create'}
              {...(editing ? { mailboxId: editing.id } : {})}
            />
          </section>
        ) : null}
        {editing ? (
          <section className="card wide" aria-labelledby="mailbox-imap-heading">
            <h2 id="mailbox-imap-heading">Replies over IMAP</h2>
            <p className="small muted">
              Switchboard logs in to this mailbox's INBOX every minute and takes replies to its emails from there, as from Resend's inbound
              webhook. A failed login shows "Reconnect needed" above until the next good one.
            </p>
            <FormMessage message={imapResult?.message} />
            <MailboxImapForm
              key={`imap-${editing.id}`}
              mailboxId={editing.id}
              values={imapResult?.imapValues ?? { host: editing.imapHost ?? '', port: String(editing.imapPort ?? 993), tls: editing.imapTls, username: editing.imapUsername ?? '' }}
              passwordSet={editing.imapPasswordSet}
              errors={imapResult?.errors ?? {}}
              busy={busy}
            />
          </section>
        ) : null}
      </div>
    </>
  );
}

