import { z } from 'zod';

/** Live transcript lines kept per call: a long call's report still brings the whole transcript. */
export const CALL_TRANSCRIPT_MAX_LINES = 500;
/** One spoken turn is far shorter; a longer one is cut here (the column's check says the same). */
export const CALL_TRANSCRIPT_LINE_MAX_CHARS = 4000;

export type TranscriptRole = 'assistant' | 'user';

/** One line of a call's transcript: who spoke and what they said. */
export interface TranscriptLine {
  role: TranscriptRole;
  text: string;
}

const ZVapiTranscript = z.looseObject({
  role: z.enum(['assistant', 'user']).nullish().catch(null),
  transcriptType: z.string().nullish().catch(null),
  transcript: z.string().nullish().catch(null),
});

/**
 * What a Vapi `transcript` message adds to the call's live transcript: a final line, or nothing.
 * Partial transcripts are ignored: Vapi sends one per word or two while a turn is spoken, and the
 * final line follows within moments, so keeping them would cost a write and a page refresh per word
 * for text that is replaced at once.
 */
export function vapiTranscriptLine(message: Record<string, unknown>): { line: TranscriptLine } | { skipped: string } {
  const parsed = ZVapiTranscript.safeParse(message);
  if (!parsed.success) return { skipped: 'it is not a transcript message' };
  const { role, transcriptType, transcript } = parsed.data;
  if (transcriptType === 'partial') return { skipped: 'a partial transcript is replaced by its final line' };
  if (transcriptType !== 'final') return { skipped: `transcript type "${String(transcriptType ?? '(none)').slice(0, 20)}" is neither final nor partial` };
  if (!role) return { skipped: 'it names no speaker (assistant or user)' };
  const text = (transcript ?? '').trim().slice(0, CALL_TRANSCRIPT_LINE_MAX_CHARS);
  if (!text) return { skipped: 'the line is empty' };
  return { line: { role, text } };
}

// The speaker labels Vapi's report transcript starts each turn with.
const REPORT_SPEAKERS: Readonly<Record<string, TranscriptRole>> = Object.freeze({ ai: 'assistant', assistant: 'assistant', bot: 'assistant', user: 'user', customer: 'user' });

/**
 * The end-of-call report's transcript ("AI: …\nUser: …") as lines, for showing turn by turn. A line
 * with no known speaker label continues the previous turn (or stands alone, with no speaker).
 */
export function reportTranscriptLines(transcript: string): { role: TranscriptRole | null; text: string }[] {
  const lines: { role: TranscriptRole | null; text: string }[] = [];
  for (const raw of transcript.split(/\r?\n/)) {
    const text = raw.trim();
    if (!text) continue;
    const label = /^([A-Za-z]+):\s*(.*)$/.exec(text);
    const role = label ? REPORT_SPEAKERS[label[1]!.toLowerCase()] : undefined;
    if (role && label) lines.push({ role, text: label[2]! });
    else if (lines.length > 0) lines[lines.length - 1]!.text += `\n${text}`;
    else lines.push({ role: null, text });
  }
  return lines;
}
