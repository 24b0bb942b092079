import { adminProcedure, ownerProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { getSettingsHandler, updateSystemConfigHandler, updateWorkspaceHandler } from './settings.handler.ts';
import { ZUpdateSystemConfigInputSchema, ZUpdateWorkspaceInputSchema } from './settings.schema.ts';

export const settingsRouter = router({
  get: adminProcedure.query(getSettingsHandler),
  updateWorkspace: adminProcedure.input(ZUpdateWorkspaceInputSchema).mutation(updateWorkspaceHandler),
  // Installation-wide: every workspace runs under these, so only the instance owner changes them.
  updateSystemConfig: ownerProcedure.input(ZUpdateSystemConfigInputSchema).mutation(updateSystemConfigHandler),
});
