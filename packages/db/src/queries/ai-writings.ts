import type { AiFallbackReason, AiWriterName, AiWritingKey, AiWritingResult } from '@switchboard/core';
import type { Db } from '../client.ts';

/** A stored writing: the writer's result under its cache key. */
export type StoredAiWriting = AiWritingKey & AiWritingResult & { id: string; createdAt: Date };

interface AiWritingRow {
  id: string;
  workspaceId: string;
  leadId: string;
  stepKey: string;
  templateVersion: string;
  model: string;
  writer: AiWriterName;
  subject: string | null;
  opening: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  fallback: boolean;
  fallbackReason: AiFallbackReason | null;
  fallbackDetail: string | null;
  createdAt: Date;
}

const COLUMNS = (sql: Db) => sql`
  id, workspace_id as "workspaceId", lead_id as "leadId", step_key as "stepKey", template_version as "templateVersion",
  model, writer, subject, opening, input_tokens as "inputTokens", output_tokens as "outputTokens",
  cost_usd::float8 as "costUsd", fallback, fallback_reason as "fallbackReason", fallback_detail as "fallbackDetail",
  created_at as "createdAt"`;

/** The writing stored under this key, or null. */
export async function findAiWriting(sql: Db, key: AiWritingKey): Promise<StoredAiWriting | null> {
  const [row]: [AiWritingRow?] = await sql`
    select ${COLUMNS(sql)} from ai_writings
    where workspace_id = ${key.workspaceId} and lead_id = ${key.leadId} and step_key = ${key.stepKey}
      and template_version = ${key.templateVersion} and model = ${key.model}`;
  return row ? fromRow(row) : null;
}

/**
 * Stores a writing unless one is already stored under its key, and returns the stored one: when
 * two workers write the same draft at once, both go on with the same text.
 */
export async function saveAiWriting(sql: Db, key: AiWritingKey, result: AiWritingResult): Promise<StoredAiWriting> {
  const [inserted]: [AiWritingRow?] = await sql`
    insert into ai_writings (workspace_id, lead_id, step_key, template_version, model, writer, subject, opening,
                             input_tokens, output_tokens, cost_usd, fallback, fallback_reason, fallback_detail)
    values (${key.workspaceId}, ${key.leadId}, ${key.stepKey}, ${key.templateVersion}, ${key.model}, ${result.writer},
            ${result.fallback ? null : result.subject}, ${result.fallback ? null : result.opening},
            ${result.inputTokens}, ${result.outputTokens}, ${result.costUsd}, ${result.fallback},
            ${result.fallback ? result.reason : null}, ${result.fallback ? result.detail : null})
    on conflict (workspace_id, lead_id, step_key, template_version, model) do nothing
    returning ${COLUMNS(sql)}`;
  if (inserted) return fromRow(inserted);
  // A separate statement: the insert's snapshot predates the row the other writer committed.
  const stored = await findAiWriting(sql, key);
  if (!stored) throw new Error(`ai_writings: the row for ${key.leadId}/${key.stepKey} conflicted but cannot be read`);
  return stored;
}

function fromRow(row: AiWritingRow): StoredAiWriting {
  const key = { workspaceId: row.workspaceId, leadId: row.leadId, stepKey: row.stepKey, templateVersion: row.templateVersion, model: row.model };
  const cost = { writer: row.writer, inputTokens: row.inputTokens, outputTokens: row.outputTokens, costUsd: row.costUsd };
  const common = { id: row.id, createdAt: row.createdAt, ...key, ...cost };
  if (row.fallback) return { ...common, fallback: true, reason: row.fallbackReason ?? 'provider_error', detail: row.fallbackDetail ?? '' };
  return { ...common, fallback: false, subject: row.subject ?? '', opening: row.opening ?? '' };
}
