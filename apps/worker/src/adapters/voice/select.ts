import type { ProviderKeyResolver } from '@switchboard/db';
import type { VoiceCaller } from './types.ts';
import { vapiCaller } from './vapi.ts';

/**
 * Vapi for a workspace, resolved as email resolves its providers: the workspace's own key, else the
 * environment's (VAPI_API_KEY), else none (createVoiceCallers then turns to the sandbox caller, when it is set up).
 */
export function vapiCallerFor(providerKey: ProviderKeyResolver, baseUrl: string | undefined): (workspaceId: string) => Promise<VoiceCaller | null> {
  return async (workspaceId) => {
    const key = await providerKey(workspaceId, 'vapi');
    return key ? vapiCaller({ apiKey: key.fields.apiKey, baseUrl }) : null;
  };
}
