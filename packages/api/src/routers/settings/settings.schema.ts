import { isTimeZone, safeText, SYSTEM_CONFIG_SCHEMA, type SystemConfigKey } from '@switchboard/core';
import { z } from 'zod';

export const ZUpdateWorkspaceInputSchema = z.object({
  name: safeText().trim().min(1, { error: 'Give the workspace a name.' }).max(200),
  timeZone: safeText().refine(isTimeZone, { error: 'Use a time zone like Europe/Berlin or America/New_York.' }),
});
export type TUpdateWorkspaceInputSchema = z.infer<typeof ZUpdateWorkspaceInputSchema>;

export const ZUpdateSystemConfigInputSchema = z.object({
  key: z.enum(Object.keys(SYSTEM_CONFIG_SCHEMA) as [SystemConfigKey, ...SystemConfigKey[]]),
  value: z.number(),
});
export type TUpdateSystemConfigInputSchema = z.infer<typeof ZUpdateSystemConfigInputSchema>;
