import { z } from 'zod';

/** An uploaded lead file to import in the background; the import row carries its mapping and progress. */
export const ZImportLeadsPayload = z.object({ workspaceId: z.uuid(), importId: z.uuid() });
