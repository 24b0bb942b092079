import type { ReactNode } from 'react';
import type { ApiInputs } from '../utils/api-types.ts';

// One entry per sequence step type: its name, what a new step of it looks like, its form fields, and
// how those fields read back. The sequence editor, its add/remove/reorder controls and the form reader
// work through this table only, so a new step type in core's schema is one more entry here. A type
// without an entry still shows (read-only, kept whole) and can be moved or removed, but not added.

export type SequenceInput = ApiInputs['outreach']['saveSequence']['sequence'];
export type Step = SequenceInput['steps'][number];
export type StepType = Step['type'];
export type StepOf<T extends StepType> = Extract<Step, { type: T }>;

export interface StepFieldsProps<S extends Step> {
  step: S;
  /** The form field name of one of this step's fields (`step.<index>.<field>`). */
  name: (field: string) => string;
  /** A unique id prefix for labels inside this step. */
  idPrefix: string;
  readOnly: boolean;
  /** The id of the step's error list, when it has problems (for aria-describedby). */
  errorId: string | undefined;
  /** Every step's id and title, in order, for fields that point at another step. */
  steps: { id: string; title: string }[];
}

export interface StepEditor<S extends Step> {
  label: string;
  /** A new step of this type, as added by the editor (ids are made unique by the caller). */
  blank: (id: string) => S;
  Fields: (props: StepFieldsProps<S>) => ReactNode;
  /** The step back from its posted fields; the API checks it again (bad numbers, unknown targets). */
  read: (id: string, fields: ReadonlyMap<string, string>) => S;
}

type BranchStep = StepOf<'branch'>;
type BranchTarget = BranchStep['then'];

const BRANCH_EVENT_LABELS: Readonly<Record<BranchStep['on'], string>> = {
  replied: 'replied',
  bounced: 'bounced',
  clicked: 'clicked a link',
  unsubscribed: 'unsubscribed',
  opened: 'opened an email',
  // The lead's latest call, once its last attempt (the campaign's retries) has ended.
  call_answered: 'answered the call',
  call_voicemail: 'was reached on voicemail',
  call_no_answer: 'did not answer the call (or has no phone number)',
};

const targetValue = (target: BranchTarget | undefined) => (!target ? '' : target.action === 'stop' ? 'stop' : `goto:${target.stepId}`);
function targetOf(value: string | undefined): BranchTarget | undefined {
  if (value === 'stop') return { action: 'stop' };
  if (value?.startsWith('goto:')) return { action: 'goto', stepId: value.slice('goto:'.length) };
  return undefined;
}

const emailEditor: StepEditor<StepOf<'email'>> = {
  label: 'Email',
  blank: (id) => ({ id, type: 'email', subject: '', body: '{{ mailbox.signature }}\n\n--\n{{ mailbox.sender_name }} · {{ mailbox.postal_address }}\nNot interested? Unsubscribe: {{ unsubscribe_url }}', aiPersonalise: false }),
  Fields: ({ step, name, readOnly, errorId }) => (
    <>
      <label className="field">
        <span className="field-label">Subject</span>
        <input name={name('subject')} defaultValue={step.subject} readOnly={readOnly} aria-invalid={errorId ? true : undefined} aria-describedby={errorId} />
      </label>
      <label className="field">
        <span className="field-label">Body</span>
        <textarea name={name('body')} defaultValue={step.body} rows={12} readOnly={readOnly} aria-invalid={errorId ? true : undefined} aria-describedby={errorId} />
      </label>
      <label className="checkbox">
        <input type="checkbox" name={name('ai')} defaultChecked={step.aiPersonalise ?? false} disabled={readOnly} /> Let AI personalise the subject and opening lines
      </label>
    </>
  ),
  read: (id, fields) => ({ id, type: 'email', subject: fields.get('subject') ?? '', body: (fields.get('body') ?? '').replace(/\r\n?/g, '\n'), aiPersonalise: fields.get('ai') === 'on' }),
};

/** A contact form step: who the message is from (the form's name, email and company boxes) and what it says. */
const contactFormEditor: StepEditor<StepOf<'contact_form'>> = {
  label: 'Contact form',
  blank: (id) => ({
    id,
    type: 'contact_form',
    senderName: '',
    senderEmail: '',
    senderCompany: '',
    subject: '',
    body: 'Hello {{ lead.name | default: "there" }},\n\n',
  }),
  Fields: ({ step, name, readOnly, errorId }) => {
    const problem = errorId ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};
    return (
      <>
        <p className="small muted">Submitted once through the contact form discovery found on the lead's website (skipped when robots.txt disallows its page); a screenshot of the result is kept.</p>
        <label className="field">
          <span className="field-label">Your name</span>
          <input name={name('senderName')} defaultValue={step.senderName} readOnly={readOnly} required />
        </label>
        <label className="field">
          <span className="field-label">Your email</span>
          <input name={name('senderEmail')} type="email" defaultValue={step.senderEmail} readOnly={readOnly} required />
        </label>
        <label className="field">
          <span className="field-label">Your company</span>
          <input name={name('senderCompany')} defaultValue={step.senderCompany ?? ''} readOnly={readOnly} />
        </label>
        <label className="field">
          <span className="field-label">Subject (for forms with a subject box)</span>
          <input name={name('subject')} defaultValue={step.subject ?? ''} readOnly={readOnly} {...problem} />
        </label>
        <label className="field">
          <span className="field-label">Message</span>
          <textarea name={name('body')} defaultValue={step.body} rows={8} readOnly={readOnly} {...problem} />
        </label>
      </>
    );
  },
  read: (id, fields) => ({
    id,
    type: 'contact_form',
    senderName: fields.get('senderName') ?? '',
    senderEmail: fields.get('senderEmail') ?? '',
    senderCompany: fields.get('senderCompany') ?? '',
    subject: fields.get('subject') ?? '',
    body: (fields.get('body') ?? '').replace(/\r\n?/g, '\n'),
  }),
};

/** A call step: placed through the campaign's Vapi assistant, with its calling window and retries; a note says what it is for. */
const callEditor: StepEditor<StepOf<'call'>> = {
  label: 'Call',
  blank: (id) => ({ id, type: 'call', note: '' }),
  Fields: ({ step, name, readOnly, errorId }) => (
    <>
      <p className="small muted">
        Calls the lead's phone through the campaign's assistant, inside its calling window, retrying a missed or busy call as its call settings say. The sequence goes on when the last attempt has
        ended; a branch after it can test whether the lead answered. A lead without a phone number passes over it as not answered; a reply before the call is placed cancels it.
      </p>
      <label className="field">
        <span className="field-label">Note (what this call is for; the assistant's script is set in Vapi)</span>
        <textarea name={name('note')} defaultValue={step.note ?? ''} rows={2} maxLength={1000} readOnly={readOnly} aria-invalid={errorId ? true : undefined} aria-describedby={errorId} />
      </label>
    </>
  ),
  read: (id, fields) => ({ id, type: 'call', note: (fields.get('note') ?? '').replace(/\r\n?/g, '\n') }),
};

const waitEditor: StepEditor<StepOf<'wait'>> = {
  label: 'Wait',
  blank: (id) => ({ id, type: 'wait', businessDays: 3 }),
  Fields: ({ step, name, readOnly, errorId }) => (
    <label className="field">
      <span className="field-label">Business days to wait</span>
      <input name={name('businessDays')} type="number" min={1} max={60} defaultValue={step.businessDays} readOnly={readOnly} aria-describedby={errorId} />
    </label>
  ),
  read: (id, fields) => ({ id, type: 'wait', businessDays: Number(fields.get('businessDays') ?? '') }),
};

const branchEditor: StepEditor<BranchStep> = {
  label: 'Branch',
  blank: (id) => ({ id, type: 'branch', on: 'replied', then: { action: 'stop' } }),
  Fields: ({ step, name, readOnly, errorId, steps }) => {
    const others = steps.filter((other) => other.id !== step.id);
    const targets = (none: string | null) => (
      <>
        {none !== null ? <option value="">{none}</option> : null}
        <option value="stop">stop the sequence</option>
        {others.map((other) => (
          <option key={other.id} value={`goto:${other.id}`}>
            go to {other.title}
          </option>
        ))}
      </>
    );
    return (
      <div className="add-step">
        <label className="field">
          <span className="field-label">If the lead</span>
          <select name={name('on')} defaultValue={step.on} disabled={readOnly} aria-describedby={errorId}>
            {Object.entries(BRANCH_EVENT_LABELS).map(([event, label]) => (
              <option key={event} value={event}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">then</span>
          <select name={name('then')} defaultValue={targetValue(step.then)} disabled={readOnly} aria-describedby={errorId}>
            {targets(null)}
          </select>
        </label>
        <label className="field">
          <span className="field-label">otherwise</span>
          <select name={name('otherwise')} defaultValue={targetValue(step.otherwise)} disabled={readOnly} aria-describedby={errorId}>
            {targets('go on to the next step')}
          </select>
        </label>
        {/* A disabled select posts nothing: read-only pages keep the step whole. */}
        {readOnly ? <input type="hidden" name={name('json')} value={JSON.stringify(step)} /> : null}
      </div>
    );
  },
  read: (id, fields) => {
    const otherwise = targetOf(fields.get('otherwise'));
    return {
      id,
      type: 'branch',
      on: (fields.get('on') ?? '') as BranchStep['on'],
      then: targetOf(fields.get('then')) ?? ({ action: '' } as unknown as BranchTarget),
      ...(otherwise ? { otherwise } : {}),
    };
  },
};

/** The editors by step type; a missing entry falls back to showing the step as it is stored. */
export const STEP_EDITORS: { readonly [T in StepType]?: StepEditor<StepOf<T>> } = {
  email: emailEditor,
  contact_form: contactFormEditor,
  call: callEditor,
  wait: waitEditor,
  branch: branchEditor,
};

/** The step types the editor can add, in menu order. */
export const ADDABLE_STEP_TYPES = (Object.keys(STEP_EDITORS) as StepType[]).filter((type) => STEP_EDITORS[type]);

export function stepEditorFor<T extends StepType>(type: T): StepEditor<StepOf<T>> | undefined {
  return STEP_EDITORS[type] as StepEditor<StepOf<T>> | undefined;
}

/** The editor of this step's own type. The table pairs each type with its editor; TypeScript cannot follow that pairing through `step.type`, hence the cast. */
export function stepEditorOf(step: Step): StepEditor<Step> | undefined {
  return STEP_EDITORS[step.type] as StepEditor<Step> | undefined;
}

export function stepLabel(type: string): string {
  return STEP_EDITORS[type as StepType]?.label ?? type.replace(/[-_]/g, ' ').replace(/^./, (first) => first.toUpperCase());
}

/** A step posted whole as JSON (types without an editor, read-only views); the API refuses a bad one with its schema's message. */
export function parseStep(json: string, id: string, type: string): Step {
  try {
    return JSON.parse(json) as Step;
  } catch {
    return { id, type } as Step;
  }
}

/** Steps of a type without an editor travel whole in one hidden field. */
export function FallbackStepFields({ step, name }: { step: Step; name: (field: string) => string }) {
  return (
    <>
      <input type="hidden" name={name('json')} value={JSON.stringify(step)} />
      <p className="small muted">This kind of step is not editable here yet; it is kept as it is.</p>
    </>
  );
}
