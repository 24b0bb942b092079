import { reportTranscriptLines, type TranscriptRole } from '@switchboard/core';
import { formatClock } from './elapsed-timer.tsx';

const SPEAKERS: Readonly<Record<TranscriptRole, string>> = { assistant: 'Assistant', user: 'Lead' };

interface LiveLine {
  role: TranscriptRole;
  text: string;
  saidAt: Date;
}

/**
 * A call's transcript: the end-of-call report's, once stored (it is the record), else the lines
 * spoken so far, each with its time into the call (from when it was answered, else from the first line).
 */
export function CallTranscript({ reported, live, answeredAt, empty, reporter }: { reported: string | null; live: readonly LiveLine[]; answeredAt: Date | null; empty: string; reporter: string }) {
  if (reported !== null) {
    const turns = reportTranscriptLines(reported);
    return (
      <>
        <p className="muted small">{`The full transcript from ${reporter}’s end-of-call report.`}</p>
        <ol className="call-transcript" data-testid="call-transcript" data-source="report">
          {turns.map((turn, index) => (
            <li key={index} className={`transcript-line transcript-${turn.role ?? 'unknown'}`}>
              <span className="transcript-speaker">{turn.role ? SPEAKERS[turn.role] : '—'}</span>
              <span className="transcript-text">{turn.text}</span>
            </li>
          ))}
        </ol>
      </>
    );
  }
  if (live.length === 0) return <p className="muted">{empty}</p>;
  const start = (answeredAt ?? live[0]!.saidAt).getTime();
  return (
    <ol className="call-transcript" data-testid="call-transcript" data-source="live">
      {live.map((line, index) => (
        <li key={index} className={`transcript-line transcript-${line.role}`}>
          <span className="transcript-speaker">
            {SPEAKERS[line.role]} <time className="transcript-time">{formatClock((line.saidAt.getTime() - start) / 1000)}</time>
          </span>
          <span className="transcript-text">{line.text}</span>
        </li>
      ))}
    </ol>
  );
}
