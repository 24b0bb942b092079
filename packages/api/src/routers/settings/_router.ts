import { adminProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { getSettingsHandler, updateSystemConfigHandler, updateWorkspaceHandler } from './settings.handler.ts';
import { ZUpdateSystemConfigInputSchema, ZUpdateWorkspaceInputSchema } from './settings.schema.ts';

export const settingsRouter = router({
  get: adminProcedure.query(getSettingsHandler),
  updateWorkspace: adminProcedure.input(ZUpdateWorkspaceInputSchema).mutation(updateWorkspaceHandler),
  updateSystemConfig: adminProcedure.input(ZUpdateSystemConfigInputSchema).mutation(updateSystemConfigHandler),
});
