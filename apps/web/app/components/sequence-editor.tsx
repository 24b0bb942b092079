import { Form } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { FormMessage } from './field.tsx';
import { ADDABLE_STEP_TYPES, FallbackStepFields, stepEditorOf, stepLabel, type SequenceInput, type Step } from './sequence-step-editors.tsx';

/**
 * The campaign's steps as one form. Add, remove and move post the form with an `edit:…` intent: the
 * server answers with the edited steps (and their lint) without saving, so it works without JavaScript
 * and nothing typed is lost; "Save sequence" stores them as a new version.
 */
export function SequenceEditor({
  sequence,
  stepErrors,
  message,
  notice,
  focusStep = null,
  variables,
  readOnly,
  busy,
}: {
  sequence: SequenceInput;
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
  const titles = sequence.steps.map((step, index) => ({ id: step.id, title: `step ${index + 1} (${step.id})` }));
  return (
    <>
      <FormMessage message={message} />
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <Form method="post" className="stack sequence-form" preventScrollReset>
        {sequence.steps.length === 0 ? <p className="empty-state">No steps. Add an email below: a sequence needs at least one to send anything.</p> : null}
        <ol className="sequence-steps">
          {sequence.steps.map((step, index) => (
            <StepItem key={`${step.id}-${index}`} step={step} index={index} count={sequence.steps.length} errors={stepErrors[step.id]} readOnly={readOnly} busy={busy} steps={titles} focus={focusStep === index} />
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

function StepItem({
  step,
  index,
  count,
  errors,
  readOnly,
  busy,
  steps,
  focus,
}: {
  focus: boolean;
  step: Step;
  index: number;
  count: number;
  errors: string[] | undefined;
  readOnly: boolean;
  busy: boolean;
  steps: { id: string; title: string }[];
}) {
  const name = (field: string) => `step.${index}.${field}`;
  const errorId = errors?.length ? `step-${index}-errors` : undefined;
  const editor = stepEditorOf(step);
  const number = index + 1;
  const title = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (focus) title.current?.focus();
  }, [focus]);
  return (
    <li className="sequence-step" data-testid={`step-${step.id}`} aria-label={`Step ${number}: ${stepLabel(step.type)}`}>
      <input type="hidden" name={name('id')} value={step.id} />
      <input type="hidden" name={name('type')} value={step.type} />
      <div className="step-toolbar">
        <p className="field-label" ref={title} tabIndex={-1}>
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
