import { Link } from '@remix-run/react';
import type { ApiOutputs } from '../utils/api-types.ts';
import { BoardStepLabel } from './board-step-label.tsx';

type CallStepRow = ApiOutputs['outreach']['board']['callSteps'][number];

/** The board's call steps: where each lead's call is, counted once per lead by its latest attempt; the calls themselves are on the campaign's call board. */
export function OutreachCallSteps({ steps, campaignId }: { steps: readonly CallStepRow[]; campaignId: string }) {
  if (steps.length === 0) return null;
  return (
    <>
      {/* Above the table, not its caption: a caption is as wide as the table, so on a phone it scrolled out of view with the columns. */}
      <p className="small muted" id="outreach-call-steps-about">
        Call steps: each lead once, by its latest attempt (a missed call waiting for its retry counts as waiting). The calls, live and ended, are on the{' '}
        <Link to={`/calls?campaign=${campaignId}`}>campaign’s call board</Link>.
      </p>
      <div className="table-scroll">
        <table className="table" data-testid="outreach-call-steps" aria-describedby="outreach-call-steps-about">
          <caption className="visually-hidden">Call steps</caption>
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
                  <BoardStepLabel step={step} />
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
    </>
  );
}
