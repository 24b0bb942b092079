import { z } from 'zod';
import { PROVIDER_KEY_KINDS, type ProviderKeyKind } from '../provider-keys/kinds.ts';

/** "Test connection" on the Provider keys page; the answer comes back as an event carrying `testId`. */
export const ZTestProviderKeyPayload = z.object({
  workspaceId: z.uuid(),
  provider: z.enum(PROVIDER_KEY_KINDS as [ProviderKeyKind, ...ProviderKeyKind[]]),
  testId: z.uuid(),
});
