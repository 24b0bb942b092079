import type { LoaderFunctionArgs } from '@remix-run/node';
import { csvDownload } from '../utils/csv-download.server.ts';
import { requestError } from '../utils/request-errors.server.ts';

const EXPORT_PAGE = 2_000;

/** The rows an import could not use, with the reasons, as CSV: fix them in the spreadsheet and import them again. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const importId = params.importId ?? '';
  const fetchPage = async (afterRow: number) => {
    const page = await context.trpc.leads.importRejections({ importId, afterRow, limit: EXPORT_PAGE });
    return { rows: page.rows, nextCursor: page.nextAfterRow === null ? null : String(page.nextAfterRow) };
  };
  let first: Awaited<ReturnType<typeof fetchPage>>;
  try {
    first = await fetchPage(0);
  } catch (error) {
    const problem = requestError(error);
    if (problem) return new Response(problem.message, { status: problem.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    throw error;
  }
  return csvDownload({
    filename: 'switchboard-import-rejected-rows',
    columns: [
      { header: 'row', value: (rejected) => rejected.row },
      { header: 'reasons', value: (rejected) => rejected.reasons.join('; ') },
    ],
    first,
    nextPage: (cursor) => fetchPage(Number(cursor)),
    signal: request.signal,
  });
}
