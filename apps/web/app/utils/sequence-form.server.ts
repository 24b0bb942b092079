import { parseStep, stepEditorFor, type SequenceInput, type Step, type StepType } from '../components/sequence-step-editors.tsx';

// The sequence editor posts each step's fields as `step.<index>.<field>`, in order, and each step type's
// editor reads its own fields back (sequence-step-editors.tsx). A step posted whole as `json` (a type
// without an editor, or a read-only view) comes back as it was. The API checks every step again.

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

/** The stored version the editor's steps were edited from (`sequenceVersion`), or null when the form has none. */
export function readSequenceVersion(form: FormData): number | null {
  const value = form.get('sequenceVersion');
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

function stepOf(fields: Map<string, string>): Step {
  const id = fields.get('id') ?? '';
  const type = fields.get('type') ?? '';
  const json = fields.get('json');
  const editor = stepEditorFor(type as StepType);
  if (json !== undefined || !editor) return parseStep(json ?? '', id, type);
  return editor.read(id, fields);
}

/** An edit the editor's buttons ask for: `add:<type>`, `remove:<index>`, `up:<index>`, `down:<index>`. */
export type SequenceEdit = { op: 'add'; type: StepType } | { op: 'remove' | 'up' | 'down'; index: number };

export function parseSequenceEdit(value: string, addType: string | null): SequenceEdit | null {
  const [op, argument] = value.split(':');
  if (op === 'add') {
    const type = (argument || addType || '') as StepType;
    return stepEditorFor(type) ? { op, type } : null;
  }
  if ((op === 'remove' || op === 'up' || op === 'down') && /^\d{1,3}$/.test(argument ?? '')) return { op, index: Number(argument) };
  return null;
}

/** The steps after one edit; an edit that does not apply (moving the first step up) changes nothing. */
export function applySequenceEdit(sequence: SequenceInput, edit: SequenceEdit): SequenceInput {
  const steps = [...sequence.steps];
  if (edit.op === 'add') {
    const editor = stepEditorFor(edit.type);
    if (editor) steps.push(editor.blank(freeStepId(steps, edit.type)) as Step);
    return { steps };
  }
  const { index } = edit;
  if (index >= steps.length) return { steps };
  if (edit.op === 'remove') steps.splice(index, 1);
  const other = edit.op === 'up' ? index - 1 : edit.op === 'down' ? index + 1 : -1;
  if (other >= 0 && other < steps.length) [steps[index], steps[other]] = [steps[other]!, steps[index]!];
  return { steps };
}

/** `<type>-<n>` with the first n no step has: ids are how gotos and sends name a step, so they never repeat. */
function freeStepId(steps: readonly Step[], type: string): string {
  const taken = new Set(steps.map((step) => step.id));
  for (let number = 1; ; number += 1) {
    const id = `${type}-${number}`;
    if (!taken.has(id)) return id;
  }
}

/** Where keyboard focus goes after an edit: the added or moved step, or the one now where a step was removed. */
export function stepToFocusAfter(edit: SequenceEdit, edited: SequenceInput): number | null {
  if (edited.steps.length === 0) return null;
  const last = edited.steps.length - 1;
  if (edit.op === 'add') return last;
  if (edit.op === 'up') return Math.max(0, edit.index - 1);
  if (edit.op === 'down') return Math.min(last, edit.index + 1);
  return Math.min(edit.index, last);
}
