import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadWithLinkFilters } from './link-filters.server.ts';

const ZList = z.object({
  status: z.enum(['open', 'closed'], { error: 'That is not a status.' }).optional(),
  from: z.iso.date({ error: 'Use a date like 2026-11-25.' }).optional(),
  to: z.iso.date({ error: 'Use a date like 2026-11-25.' }).optional(),
  cursor: z.string().optional(),
  limit: z.number().max(100),
});
type Query = Partial<Record<'status' | 'from' | 'to' | 'cursor', string>>;

/** A list procedure as the caller runs it: input checked by zod, a page link the handler cannot follow refused as a domain 400. */
function listProcedure(calls: Query[], limit = 50) {
  return async (query: Query) => {
    calls.push(query);
    const parsed = ZList.safeParse({ ...query, limit });
    if (!parsed.success) throw new TRPCError({ code: 'BAD_REQUEST', message: 'refused', cause: parsed.error });
    if (query.cursor === 'stale') throw new TRPCError({ code: 'BAD_REQUEST', message: 'That page link is not valid any more.' });
    if (query.cursor === 'gone') throw new TRPCError({ code: 'NOT_FOUND', message: 'No such thing.' });
    return { rows: [query] };
  };
}

const names = { status: 'status', from: 'dates', to: 'dates', cursor: 'page link' } as const;

describe('loading a page with the filters of its link', () => {
  it('loads once, and says nothing, when the API takes every filter', async () => {
    const calls: Query[] = [];
    const loaded = await loadWithLinkFilters({ query: { status: 'open' }, names }, listProcedure(calls));
    expect(loaded).toEqual({ page: { rows: [{ status: 'open' }] }, query: { status: 'open' }, ignored: null });
    expect(calls).toHaveLength(1);
  });

  it('leaves out the filter the API refused, keeps the others, and says which and why', async () => {
    const loaded = await loadWithLinkFilters({ query: { status: 'fine', from: '2026-01-01' }, names }, listProcedure([]));
    expect(loaded.query).toEqual({ from: '2026-01-01' });
    expect(loaded.ignored).toBe('Not understood in this link, so left out: status. That is not a status.');
  });

  it('leaves out filters that share a name together (a bad end date drops the whole range)', async () => {
    const loaded = await loadWithLinkFilters({ query: { from: '2026-01-01', to: 'tomorrow', status: 'closed' }, names }, listProcedure([]));
    expect(loaded.query).toEqual({ status: 'closed' });
    expect(loaded.ignored).toBe('Not understood in this link, so left out: dates. Use a date like 2026-11-25.');
  });

  it('drops the page link first when the API refuses without naming a field, then everything', async () => {
    const stale = await loadWithLinkFilters({ query: { status: 'open', cursor: 'stale' }, names, pageKey: 'cursor' }, listProcedure([]));
    expect(stale.query).toEqual({ status: 'open' });
    expect(stale.ignored).toBe('Not understood in this link, so left out: page link. That page link is not valid any more.');
    const unnamed = await loadWithLinkFilters({ query: { status: 'open', cursor: 'stale' }, names }, listProcedure([]));
    expect(unnamed.query).toEqual({});
    expect(unnamed.ignored).toMatch(/^Not understood in this link, so left out: status and page link\. /);
  });

  it('names each filter once, however many tries and issues it took', async () => {
    const loaded = await loadWithLinkFilters({ query: { status: 'x', from: 'y', to: 'z', cursor: 'stale' }, names, pageKey: 'cursor' }, listProcedure([]));
    expect(loaded.query).toEqual({});
    expect(loaded.ignored).toBe(
      'Not understood in this link, so left out: status, dates and page link. That is not a status. Use a date like 2026-11-25. That page link is not valid any more.',
    );
  });

  it('throws what no filter explains: another refusal, or a field that is not a filter', async () => {
    await expect(loadWithLinkFilters({ query: { cursor: 'gone' }, names, pageKey: 'cursor' }, listProcedure([]))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const calls: Query[] = [];
    await expect(loadWithLinkFilters({ query: { status: 'open' }, names }, listProcedure(calls, 1_000))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(calls).toHaveLength(1);
  });

  it('keeps the sentence short however long the reasons are', async () => {
    const load = async () => {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'x'.repeat(100_000) });
    };
    await expect(loadWithLinkFilters({ query: { cursor: 'a' }, names }, load)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    let first = true;
    const once = async (query: Query) => {
      if (first) {
        first = false;
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'x'.repeat(100_000) });
      }
      return query;
    };
    const loaded = await loadWithLinkFilters({ query: { cursor: 'a' }, names }, once);
    expect(loaded.ignored!.length).toBeLessThan(400);
  });
});
