/**
 * A board row's step, numbered as the sequence editor numbers it ("Step 4 · follow-up-1"): the board
 * lists only email, form or call steps, so a bare "4." after "1." read as a miscount. One line, so a
 * phone does not break "follow-up-1" at its hyphens.
 */
export function BoardStepLabel({ step }: { step: { stepId: string; number: number; removed: boolean } }) {
  if (step.removed) {
    return (
      <span className="nowrap">
        {step.stepId} <span className="small muted">(removed)</span>
      </span>
    );
  }
  return (
    <span className="nowrap">
      <span className="muted">Step {step.number} ·</span> {step.stepId}
    </span>
  );
}
