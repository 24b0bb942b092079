import { recordProviderKeyTest, type Sql } from '@switchboard/db';

/** Records what the worker records when Google refuses the workspace's stored search key. */
export async function failSearchKeyTest(sql: Sql, workspaceId: string): Promise<void> {
  // Just after now: the key was saved before this "test" began.
  await recordProviderKeyTest(sql, { workspaceId, provider: 'search', ok: false, message: 'Google rejected the key (400).', testStartedAt: new Date(Date.now() + 1_000) });
}
