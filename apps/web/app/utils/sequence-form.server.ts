import type { ApiInputs } from './api-types.ts';

type SequenceInput = ApiInputs['outreach']['saveSequence']['sequence'];
type StepInput = SequenceInput['steps'][number];

// The sequence editor posts each step's fields as `step.<index>.<field>`, in order. Branch steps are
// shown read-only and come back whole as JSON in a hidden field; the API checks every step again.

const STEP_FIELD = /^step\.(\d+)\.([a-zA-Z]+)$/;

/** The sequence as typed, for saving and for showing the form again when the save is refused. */
export function readSequenceForm(form: FormData): SequenceInput {
  const fields = new Map<number, Map<string, string>>();
  for (const [name, value] of form.entries()) {
    const match = STEP_FIELD.exec(name);
    if (!match || typeof value !== 'string') continue;
    const index = Number(match[1]);
    const step = fields.get(index) ?? new Map<string, string>();
    step.set(match[2] ?? '', value);
    fields.set(index, step);
  }
  const steps = [...fields.entries()].sort(([a], [b]) => a - b).map(([, step]) => stepOf(step));
  return { steps };
}

function stepOf(step: Map<string, string>): StepInput {
  const id = step.get('id') ?? '';
  const type = step.get('type');
  if (type === 'email') return { id, type, subject: step.get('subject') ?? '', body: (step.get('body') ?? '').replace(/\r\n?/g, '\n'), aiPersonalise: step.get('ai') === 'on' };
  if (type === 'contact_form') {
    return {
      id,
      type,
      senderName: step.get('senderName') ?? '',
      senderEmail: step.get('senderEmail') ?? '',
      senderCompany: step.get('senderCompany') ?? '',
      subject: step.get('subject') ?? '',
      body: (step.get('body') ?? '').replace(/\r\n?/g, '\n'),
    };
  }
  if (type === 'wait') return { id, type, businessDays: Number(step.get('businessDays') ?? '') };
  try {
    return JSON.parse(step.get('json') ?? '') as StepInput;
  } catch {
    // Not JSON: the API refuses the step with its schema's message.
    return { id, type: 'branch' } as StepInput;
  }
}
