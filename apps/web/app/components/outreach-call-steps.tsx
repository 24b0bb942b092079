import { Link } from '@remix-run/react';
import type { ApiOutputs } from '../utils/api-types.ts';

type CallStepRow = ApiOutputs['outreach']['board']['callSteps'][number];

/** The board's call steps: where each lead's call is, counted once per lead by its latest attempt; the calls themselves are on the campaign's call board. */
export function OutreachCallSteps({ steps, campaignId }: { steps: readonly CallStepRow[]; campaignId: string }) {
  if (steps.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="outreach-call-steps">
        <caption className="small muted">
          Call steps: each lead once, by its latest attempt (a missed call waiting for its retry counts as waiting). The calls, live and ended, are on the{' '}
          <Link to={`/calls?campaign=${campaignId}`}>campaign’s call board</Link>.
        </caption>
        <thead>
          <tr>
            <th scope="col">Call step</th>
            <th scope="col" className="number">Waiting</th>
            <th scope="col" className="number">On the line</th>
            <th scope="col" className="number">Answered</th>
            <th scope="col" className="number">Voicemail</th>
            <th scope="col" className="number">No answer</th>
            <th scope="col" className="number">Canceled</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.stepId} data-testid={`board-call-${step.stepId}`}>
              <td>
                {step.removed ? `${step.stepId} (removed)` : `${step.number}. ${step.stepId}`}
                {step.note ? <span className="small muted"> · {step.note}</span> : null}
              </td>
              <td className="number">{step.waiting}</td>
              <td className="number">{step.live}</td>
              <td className="number">{step.answered}</td>
              <td className="number">{step.voicemail}</td>
              <td className="number">{step.noAnswer}</td>
              <td className="number">{step.canceled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
