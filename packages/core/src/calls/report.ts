/** What the end of a call leaves to store, whichever provider reported it; null where it said nothing. */
export interface CallReport {
  endedReason: string | null;
  durationS: number | null;
  costUsd: number | null;
  transcript: string | null;
  summary: string | null;
  recordingUrl: string | null;
  /** The provider's structured analysis (summary, structured data, success evaluation), as given. */
  analysis: Record<string, unknown> | null;
  startedAt: Date | null;
  endedAt: Date | null;
}
