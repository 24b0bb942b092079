import { Form } from '@remix-run/react';
import { useEffect, useRef, type FormEvent } from 'react';
import { stepKeys, useLiveSequence, type StepConflict } from '../utils/live-sequence.ts';
import { FormMessage } from './field.tsx';
import { ADDABLE_STEP_TYPES, FallbackStepFields, stepEditorOf, stepLabel, type SequenceInput, type Step } from './sequence-step-editors.tsx';

/**
 * The campaign's steps as one form. Add, remove and move post the form with an `edit:…` intent: the
 * server answers with the edited steps (and their lint) without saving, so it works without JavaScript
 * and nothing typed is lost; "Save sequence" stores them as a new version, unless someone else saved
 * one since the version the form started from (`sequenceVersion`): then the save is refused and says so.
 */
export function SequenceEditor({
  stored,
  posted,
  stepErrors,
  message,
  notice,
  focusStep = null,
  variables,
  readOnly,
  busy,
}: {
  /** The stored sequence and its version, as last loaded (it follows saves made elsewhere). */
  stored: { version: number; sequence: SequenceInput };
  /** The steps as posted (an edit not saved yet, a refused save) and the version they were edited from; null shows the stored ones. */
  posted: { sequence: SequenceInput; baseVersion: number | null } | null;
  stepErrors: Record<string, string[]>;
  message: string | undefined;
  /** Said after an edit that is not saved yet. */
  notice?: string | undefined;
  /** The step keyboard focus moves to after an edit (its buttons are gone or moved with the re-render). */
  focusStep?: number | null;
  variables: readonly string[];
  readOnly: boolean;
  busy: boolean;
}) {
  // Shown stored steps follow a save made elsewhere; what someone typed stays in its step (keyed by step id).
  const { live, touch, forget } = useLiveSequence({ version: stored.version, steps: stored.sequence.steps }, posted === null);
  const steps = posted ? posted.sequence.steps : live.steps;
  const baseVersion = posted ? posted.baseVersion : live.baseVersion;
  const conflicts: Readonly<Record<string, StepConflict>> = posted ? {} : live.conflicts;
  const savedElsewhere = posted ? (posted.baseVersion !== null && posted.baseVersion !== stored.version ? stored.version : null) : live.savedElsewhere;
  const keys = stepKeys(steps);
  const titles = steps.map((step, index) => ({ id: step.id, title: `step ${index + 1} (${step.id})` }));
  const list = useRef<HTMLOListElement>(null);
  // After an edit, focus the step it moved to; a live reload keeps the same posted steps and does not move focus.
  useEffect(() => {
    if (focusStep !== null) list.current?.querySelectorAll<HTMLElement>(':scope > li [data-step-title]')[focusStep]?.focus();
  }, [focusStep, posted?.sequence]);
  const onInput = (event: FormEvent<HTMLFormElement>) => {
    const stepId = (event.target as HTMLElement).closest('[data-step-id]')?.getAttribute('data-step-id');
    if (stepId) touch(stepId);
  };
  return (
    <>
      <FormMessage message={message} />
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {savedElsewhere !== null && !readOnly ? (
        <p className="notice" role="status" data-testid="sequence-saved-elsewhere">
          {savedElsewhereNotice(savedElsewhere, posted !== null, Object.keys(conflicts).length > 0)}
        </p>
      ) : null}
      <Form method="post" className="stack sequence-form" preventScrollReset onInput={onInput} onSubmit={forget}>
        {baseVersion !== null && !readOnly ? <input type="hidden" name="sequenceVersion" value={baseVersion} /> : null}
        {steps.length === 0 ? <p className="empty-state">No steps. Add an email below: a sequence needs at least one to send anything.</p> : null}
        <ol className="sequence-steps" ref={list}>
          {steps.map((step, index) => (
            <StepItem key={keys[index]} step={step} index={index} count={steps.length} errors={stepErrors[step.id]} conflict={conflicts[step.id]} readOnly={readOnly} busy={busy} steps={titles} />
          ))}
        </ol>
        <p className="small muted">Variables: {variables.map((variable) => `{{ ${variable} }}`).join(' ')}</p>
        {readOnly ? null : (
          <div className="add-step">
            <label className="field">
              <span className="field-label">New step</span>
              <select name="addType" defaultValue="email">
                {ADDABLE_STEP_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {stepLabel(type)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" name="intent" value="edit:add" className="secondary-button" disabled={busy}>
              Add step
            </button>
            <button type="submit" name="intent" value="save-sequence" className="button" disabled={busy}>
              Save sequence
            </button>
          </div>
        )}
      </Form>
    </>
  );
}

function savedElsewhereNotice(version: number, posted: boolean, conflicting: boolean): string {
  const saved = `Someone else saved this sequence (version ${version}) since you opened it`;
  if (posted) return `${saved}. These steps are not saved: “Save sequence” asks before replacing their version.`;
  if (conflicting) return `${saved}, and changed or removed a step you are editing. What you typed is kept and the step is marked: “Save sequence” asks before replacing their version.`;
  return `${saved}: their steps are shown, and what you typed stays in its step.`;
}

function StepItem({
  step,
  index,
  count,
  errors,
  readOnly,
  busy,
  steps,
  conflict,
}: {
  step: Step;
  index: number;
  count: number;
  errors: string[] | undefined;
  readOnly: boolean;
  busy: boolean;
  steps: { id: string; title: string }[];
  /** A save elsewhere changed or removed this step while someone was typing in it. */
  conflict: StepConflict | undefined;
}) {
  const name = (field: string) => `step.${index}.${field}`;
  const errorId = errors?.length ? `step-${index}-errors` : undefined;
  const editor = stepEditorOf(step);
  const number = index + 1;
  return (
    <li className="sequence-step" data-testid={`step-${step.id}`} data-step-id={step.id} aria-label={`Step ${number}: ${stepLabel(step.type)}`}>
      <input type="hidden" name={name('id')} value={step.id} />
      <input type="hidden" name={name('type')} value={step.type} />
      <div className="step-toolbar">
        <p className="field-label" data-step-title tabIndex={-1}>
          Step {number} · {stepLabel(step.type)} <span className="small muted">({step.id})</span>
        </p>
        {readOnly ? null : (
          <div className="step-actions">
            <button type="submit" name="intent" value={`edit:up:${index}`} className="secondary-button" disabled={busy || index === 0} aria-label={`Move step ${number} up`}>
              ↑
            </button>
            <button type="submit" name="intent" value={`edit:down:${index}`} className="secondary-button" disabled={busy || index === count - 1} aria-label={`Move step ${number} down`}>
              ↓
            </button>
            <button type="submit" name="intent" value={`edit:remove:${index}`} className="secondary-button danger-text" disabled={busy} aria-label={`Remove step ${number}`}>
              Remove
            </button>
          </div>
        )}
      </div>
      {conflict ? (
        <p className="field-error" role="status" data-testid={`step-conflict-${step.id}`}>
          {conflict === 'removed'
            ? 'Someone else removed this step since you opened it. It stays here with what you typed: “Save sequence” puts it back, “Remove” drops it.'
            : 'Someone else changed this step since you opened it. What you typed is kept; the fields you did not touch show their version.'}
        </p>
      ) : null}
      {editor ? <editor.Fields step={step} name={name} idPrefix={`step-${index}`} readOnly={readOnly} errorId={errorId} steps={steps} /> : <FallbackStepFields step={step} name={name} />}
      {errors?.length ? (
        <ul className="field-error" id={errorId}>
          {[...new Set(errors)].map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
