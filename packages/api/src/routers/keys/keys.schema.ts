import { PROVIDER_KEY_KINDS, type ProviderKeyKind, safeText } from '@switchboard/core';
import { z } from 'zod';

const kind = z.enum(PROVIDER_KEY_KINDS as [ProviderKeyKind, ...ProviderKeyKind[]]);

/** Fields are checked against the provider's own schema in the handler, so each gets its message. */
export const ZSetKeyInputSchema = z.object({ provider: kind, fields: z.record(safeText().max(100), safeText().max(2_000)) });
export type TSetKeyInputSchema = z.infer<typeof ZSetKeyInputSchema>;

export const ZProviderInputSchema = z.object({ provider: kind });
export type TProviderInputSchema = z.infer<typeof ZProviderInputSchema>;
