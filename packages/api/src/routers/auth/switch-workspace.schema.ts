import { z } from 'zod';

export const ZSwitchWorkspaceInputSchema = z.object({ workspaceId: z.uuid({ error: 'That is not a workspace id.' }) });
export type TSwitchWorkspaceInputSchema = z.infer<typeof ZSwitchWorkspaceInputSchema>;
