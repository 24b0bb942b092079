import { REJECT_REASONS } from '@switchboard/core';
import { z } from 'zod';

export const ZRejectReason = z.enum(REJECT_REASONS, { error: 'Say why the lead is rejected.' });
