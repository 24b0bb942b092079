// A call's live transcript (one row per final line Vapi sends while the call is on) and the assistant's
// hangs. The end-of-call report's transcript on the call stays the record; these show the call as it goes.
import type { TranscriptLine, TranscriptRole } from '@switchboard/core';
import type { Db } from '../client.ts';

export interface CallTranscriptLine {
  role: TranscriptRole;
  text: string;
  saidAt: Date;
}

/**
 * Adds a line unless the same line (speaker, moment, words) is kept already or the call has
 * `maxLines` lines. Two jobs adding lines to one call at once may each see room for the last one, so
 * the bound can be passed by the number of jobs running together, never more.
 */
export async function appendCallTranscriptLine(
  sql: Db,
  input: { workspaceId: string; callId: string; line: TranscriptLine; saidAt: Date; maxLines: number },
): Promise<'added' | 'kept already' | 'full'> {
  const [row]: [{ full: boolean; added: boolean }?] = await sql`
    with room as (
      select count(*) < ${input.maxLines} as open from call_transcript_lines where call_id = ${input.callId}
    ), added as (
      insert into call_transcript_lines (workspace_id, call_id, role, text, said_at)
      select ${input.workspaceId}, ${input.callId}, ${input.line.role}, ${input.line.text}, ${input.saidAt}
      from room where room.open
      on conflict (call_id, said_at, role, md5(text)) do nothing
      returning 1
    )
    select not (select open from room) as full, exists (select 1 from added) as added`;
  if (row?.added) return 'added';
  return row?.full ? 'full' : 'kept already';
}

/** The call's live lines in the order they were said (the order they arrived in breaks ties), at most `limit`. */
export function listCallTranscriptLines(sql: Db, input: { workspaceId: string; callId: string; limit: number }): Promise<CallTranscriptLine[]> {
  return sql<CallTranscriptLine[]>`
    select role, text, said_at as "saidAt" from call_transcript_lines
    where workspace_id = ${input.workspaceId} and call_id = ${input.callId}
    order by said_at, id limit ${input.limit}`;
}

/** Counts one of Vapi's `hang` messages (the assistant kept the caller waiting) and keeps the latest moment. */
export async function recordAssistantHang(sql: Db, input: { workspaceId: string; callId: string; at: Date }): Promise<void> {
  await sql`
    update calls set assistant_hangs = assistant_hangs + 1,
           last_assistant_hang_at = greatest(last_assistant_hang_at, ${input.at})
    where workspace_id = ${input.workspaceId} and id = ${input.callId}`;
}
