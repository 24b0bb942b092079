import { writerEvidenceFrom, type AiWritingResult, type Logger } from '@switchboard/core';
import { findAiWriting, getLead, saveAiWriting, type Sql } from '@switchboard/db';
import type { AiWriterFor } from './select.ts';

export interface WriteOpeningServices {
  sql: Sql;
  aiWriter: AiWriterFor;
  log: Logger;
}

export interface WriteOpeningInput {
  workspaceId: string;
  leadId: string;
  /** The sequence step this email is for (stable across edits of other steps). */
  stepKey: string;
  /** Changes whenever the step's template changes, so an edited template is written again. */
  templateVersion: string;
  /** The step's subject rendered for this lead (no Liquid left). */
  templateSubject: string;
  /** 1 for the first email, 2+ for follow-ups. */
  stepNumber: number;
  signal?: AbortSignal;
}

export type OpeningWriting = AiWritingResult & {
  /** The stored writing's id (a send can point at it); null when nothing was stored. */
  id: string | null;
  /** True when the stored writing was reused and no writer was called. */
  cached: boolean;
};

/**
 * The subject and opening for one lead's email step: the stored writing when there is one, else a
 * new one from the workspace's writer, stored with its tokens and cost (a fallback too, with why).
 * A failed writing is a fallback — the caller sends the plain template — never an exception that
 * holds up the send queue; only the database failing can throw, and then nothing can be sent anyway.
 */
export async function writeOpening(services: WriteOpeningServices, input: WriteOpeningInput): Promise<OpeningWriting> {
  const writer = await services.aiWriter(input.workspaceId);
  const key = { workspaceId: input.workspaceId, leadId: input.leadId, stepKey: input.stepKey, templateVersion: input.templateVersion, model: writer.model };
  const log = services.log.child({ leadId: input.leadId, stepKey: input.stepKey, templateVersion: input.templateVersion, writer: writer.name, model: writer.model });

  const stored = await findAiWriting(services.sql, key);
  if (stored) return { ...stored, cached: true };

  const lead = await getLead(services.sql, input.workspaceId, input.leadId);
  if (!lead) {
    // Nothing to store: the row would reference a lead that is not there.
    return { writer: writer.name, model: writer.model, fallback: true, reason: 'lead_not_found', detail: 'the lead is not in this workspace', inputTokens: 0, outputTokens: 0, costUsd: 0, id: null, cached: false };
  }

  let result: AiWritingResult;
  try {
    result = await writer.write({ evidence: writerEvidenceFrom(lead), templateSubject: input.templateSubject, stepNumber: input.stepNumber }, input.signal);
  } catch (error) {
    // Writers return failures as fallbacks; reaching here is a bug in one, and still must not block a send.
    log.error({ err: error }, 'the AI writer threw instead of returning a fallback');
    result = { writer: writer.name, model: writer.model, fallback: true, reason: 'provider_error', detail: 'the writer failed unexpectedly', inputTokens: 0, outputTokens: 0, costUsd: 0 };
  }

  if (input.signal?.aborted) {
    // The caller gave up (the worker is stopping): not the writer's failure, so nothing is stored and a retry writes again.
    return { ...result, id: null, cached: false };
  }
  const saved = await saveAiWriting(services.sql, key, result);
  const outcome = saved.fallback ? { fallback: true, reason: saved.reason, detail: saved.detail } : { fallback: false };
  log.info({ ...outcome, inputTokens: saved.inputTokens, outputTokens: saved.outputTokens, costUsd: saved.costUsd }, saved.fallback ? 'AI writing fell back to the plain template' : 'AI writing stored');
  return { ...saved, cached: false };
}
