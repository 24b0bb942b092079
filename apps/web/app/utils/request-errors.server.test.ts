import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf, formFailure } from './request-errors.server.ts';

function refusal(input: unknown): TRPCError {
  const parsed = z.object({ name: z.string().min(1), sendDays: z.array(z.number().int().min(0).max(6)) }).safeParse(input);
  if (parsed.success) throw new Error('expected a refusal');
  return new TRPCError({ code: 'BAD_REQUEST', message: 'refused', cause: parsed.error });
}

describe('form failures', () => {
  it('says each field’s problem once and at most a few, however many items of a posted list were wrong', () => {
    const error = refusal({ name: '', sendDays: Array.from({ length: 50_000 }, () => 9) });
    const fields = fieldErrorsOf(error);
    expect(fields.name).toEqual(['Too small: expected string to have >=1 characters']);
    expect(fields.sendDays!.length).toBeLessThanOrEqual(5);
    expect(JSON.stringify(formFailure(error)).length).toBeLessThan(2_000);
  });
});
