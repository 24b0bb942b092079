/**
 * One writing per lead × step × template version × model: editing a template (a new version) or
 * changing the model writes again; anything else reuses the stored writing, fallbacks included,
 * so a retried send says what the first attempt would have said and is not paid for twice.
 */
export interface AiWritingKey {
  workspaceId: string;
  leadId: string;
  stepKey: string;
  templateVersion: string;
  model: string;
}

/** The key as one string, for logs and job singleton keys. */
export function aiWritingCacheKey(key: AiWritingKey): string {
  return ['ai-writing', key.workspaceId, key.leadId, key.stepKey, key.templateVersion, key.model].map(encodeURIComponent).join(':');
}
