import type { LoaderFunctionArgs } from '@remix-run/node';
import { suppressionCsvColumns } from '@switchboard/core';
import { csvDownload } from '../utils/csv-download.server.ts';
import { firstPageOrRefusal } from '../utils/request-errors.server.ts';
import { suppressionQuery } from '../utils/suppression-query.ts';

const EXPORT_PAGE = 1000;

/** The suppression list as CSV, with the page's filters and order, streamed a page at a time; it re-imports as is. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = suppressionQuery(new URL(request.url).searchParams);
  const fetchPage = async (cursor?: string) => {
    const page = await context.trpc.suppressions.export({ ...query, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
    return { rows: page.entries, nextCursor: page.nextCursor };
  };
  const first = await firstPageOrRefusal(() => fetchPage());
  if (first instanceof Response) return first;
  return csvDownload({ filename: 'switchboard-suppressions', columns: suppressionCsvColumns(), first, nextPage: fetchPage, signal: request.signal });
}
