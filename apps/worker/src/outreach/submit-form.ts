// One contact form send, from its row to the business's form: suppression first, then the row moves to
// `sending` (committed) before the browser opens the page, and `submit_started_at` is committed just
// before submit is pressed. A retry finds the row no longer waiting; a worker that stopped after the
// press leaves it in doubt (recoverStuckSends), so a form is never submitted twice.
import { nextSendAttempt, ZSequence, type ContactFormStep, type Logger } from '@switchboard/core';
import { renderContactForm, templateContextOf } from '@switchboard/core/templates';
import {
  claimSendForSending,
  deferSend,
  formSendContext,
  isLeadSuppressed,
  markFormSubmitStarted,
  markSendFailed,
  markSendRetrying,
  markSendSent,
  markSendSkipped,
  stopLeadEnrolments,
  storeSendScreenshot,
  type FormSendContext,
  type Sql,
} from '@switchboard/db';
import type { FormSubmitter } from '../adapters/scraper/index.ts';

// When the step is gone from the sequence, look again later (it may be put back).
const BLOCKED_RETRY_MS = 15 * 60_000;

export interface FormSubmitServices {
  sql: Sql;
  log: Logger;
  submitter: FormSubmitter;
  /** Where to visit a page (sandbox-world sites are sent to this process's world). */
  siteUrl(url: string): Promise<string>;
  /** The sandbox world's port when the workspace runs in the sandbox, else null. */
  sandboxPort(workspaceId: string): Promise<number | null>;
}

export type FormDispatchOutcome = 'submitted' | 'skipped_step' | 'retrying' | 'failed' | 'in_doubt' | 'deferred' | 'stopped' | 'skipped';

export async function submitFormSend(services: FormSubmitServices, send: { workspaceId: string; id: string }, now = new Date()): Promise<FormDispatchOutcome> {
  const { sql } = services;
  const log = services.log.child({ sendId: send.id, workspaceId: send.workspaceId });
  const context = await formSendContext(sql, send.workspaceId, send.id);
  if (!context || (context.status !== 'queued' && context.status !== 'retrying')) return 'skipped';

  if (await isLeadSuppressed(sql, send.workspaceId, context.leadId)) {
    await stopLeadEnrolments(sql, { workspaceId: send.workspaceId, leadIds: [context.leadId], reason: 'suppressed' });
    log.info('lead is on the suppression list: sequence stopped, form not submitted');
    return 'stopped';
  }
  const step = formStepOf(context);
  if (!step) {
    await deferSend(sql, { workspaceId: send.workspaceId, sendId: send.id, notBefore: new Date(now.getTime() + BLOCKED_RETRY_MS), reason: 'The campaign sequence no longer has this contact form step.' });
    return 'deferred';
  }

  // The commit of this move is what makes opening the form safe: no other worker or retry takes the row.
  const claimed = await claimSendForSending(sql, { workspaceId: send.workspaceId, sendId: send.id, now, mailboxId: null, provider: 'browser' });
  if (!claimed) return 'skipped';

  const formPage = context.formPages[0];
  if (!formPage) {
    await markSendSkipped(sql, { workspaceId: send.workspaceId, sendId: send.id, outcome: 'no_form', reason: "Discovery found no contact form on this lead's website.", formUrl: null, now: new Date() });
    return 'skipped_step';
  }
  const rendered = renderContactForm(step, { lead: templateContextOf(context.lead, null, null, '').lead, contact: {} });
  const result = await services.submitter.submit({
    pageUrl: await services.siteUrl(formPage),
    sandboxPort: await services.sandboxPort(send.workspaceId),
    values: { senderName: step.senderName, senderEmail: step.senderEmail, senderCompany: step.senderCompany, subject: rendered.subject, message: rendered.message },
    beforeSubmit: () => markFormSubmitStarted(sql, { workspaceId: send.workspaceId, sendId: send.id, formUrl: formPage, now: new Date() }),
  });
  if (result.screenshot) await storeSendScreenshot(sql, { workspaceId: send.workspaceId, sendId: send.id, png: result.screenshot });

  switch (result.outcome) {
    case 'submitted':
      await markSendSent(sql, { workspaceId: send.workspaceId, sendId: send.id, provider: 'browser', providerMessageId: null, subject: rendered.subject, now: new Date(), formUrl: formPage });
      return 'submitted';
    case 'no_form':
    case 'not_mappable':
    case 'robots_disallowed':
      await markSendSkipped(sql, { workspaceId: send.workspaceId, sendId: send.id, outcome: result.outcome, reason: result.reason, formUrl: formPage, now: new Date() });
      log.info({ outcome: result.outcome, reason: result.reason }, 'contact form step skipped');
      return 'skipped_step';
    case 'in_doubt':
      await markSendFailed(sql, { workspaceId: send.workspaceId, sendId: send.id, failure: `In doubt, not submitted again: ${result.reason}`, formOutcome: 'in_doubt', formUrl: formPage });
      log.warn({ reason: result.reason }, 'contact form submission in doubt');
      return 'in_doubt';
    case 'failed': {
      const decision = nextSendAttempt({ attempts: claimed.attempts, errorKind: result.retriable ? 'retriable' : 'permanent', now: new Date() });
      if (decision.outcome === 'retry') {
        await markSendRetrying(sql, { workspaceId: send.workspaceId, sendId: send.id, notBefore: decision.at, failure: result.reason });
        log.warn({ reason: result.reason, retryAt: decision.at }, 'contact form will be tried again (nothing was submitted)');
        return 'retrying';
      }
      await markSendFailed(sql, { workspaceId: send.workspaceId, sendId: send.id, failure: result.reason, formOutcome: 'failed', formUrl: formPage });
      log.warn({ reason: result.reason }, 'contact form failed');
      return 'failed';
    }
  }
}

function formStepOf(context: FormSendContext): ContactFormStep | null {
  const parsed = ZSequence.safeParse(context.sequence);
  const step = parsed.success ? parsed.data.steps.find((candidate) => candidate.id === context.stepId) : undefined;
  return step?.type === 'contact_form' ? step : null;
}
