import { z } from 'zod';

export const ZSwitchWorkspaceInputSchema = z.object({ workspaceId: z.uuid() });
export type TSwitchWorkspaceInputSchema = z.infer<typeof ZSwitchWorkspaceInputSchema>;
