import type { CsvColumn } from '@switchboard/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { csvDownload } from '../utils/csv-download.server.ts';
import { leadFilterFromParams } from '../utils/lead-filters.ts';
import { firstPageOrRefusal } from '../utils/request-errors.server.ts';

const EXPORT_PAGE = 500;
const SORTS = new Set(['score_desc', 'newest', 'name']);

/**
 * The leads table as CSV, with the same filters and order as the page; cells never run as formulas.
 * Streamed a page at a time as the client reads it, and stopped when the client leaves.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const filter = leadFilterFromParams(params);
  const sortParam = params.get('sort') ?? 'score_desc';
  const sort = (SORTS.has(sortParam) ? sortParam : 'score_desc') as 'score_desc' | 'newest' | 'name';
  // exportPage, not list: the table's procedure estimates a count, which a stream of batches never needs.
  const fetchPage = (cursor?: string) => context.trpc.leads.exportPage({ ...filter, sort, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
  // The caller's own type (dates as Dates): rows go straight to CSV, never through JSON.
  type Lead = Awaited<ReturnType<typeof fetchPage>>['leads'][number];
  const columns: CsvColumn<Lead>[] = [
    { header: 'name', value: (lead) => lead.name },
    { header: 'status', value: (lead) => lead.status },
    { header: 'score', value: (lead) => lead.score },
    { header: 'confidence', value: (lead) => lead.confidence },
    { header: 'website', value: (lead) => lead.website },
    { header: 'domain', value: (lead) => lead.domain },
    { header: 'emails', value: (lead) => lead.emails.join('; ') },
    { header: 'phone', value: (lead) => lead.phone },
    { header: 'address', value: (lead) => lead.address },
    { header: 'city', value: (lead) => lead.city },
    { header: 'region', value: (lead) => lead.region },
    { header: 'country', value: (lead) => lead.country },
    { header: 'category', value: (lead) => lead.category },
    { header: 'rating', value: (lead) => lead.rating },
    { header: 'reviews', value: (lead) => lead.reviewCount },
    { header: 'reject reason', value: (lead) => lead.rejectReason },
    { header: 'first seen (UTC)', value: (lead) => new Date(lead.firstSeenAt).toISOString() },
    { header: 'id', value: (lead) => lead.id },
  ];

  const first = await firstPageOrRefusal(() => fetchPage());
  if (first instanceof Response) return first;
  const asPage = (page: typeof first) => ({ rows: page.leads, nextCursor: page.nextCursor ?? null });
  return csvDownload({
    filename: 'switchboard-leads',
    columns,
    first: asPage(first),
    nextPage: async (cursor) => asPage(await fetchPage(cursor)),
    signal: request.signal,
  });
}
