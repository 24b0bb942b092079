import type { LoaderFunctionArgs } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { auditQuery } from '../utils/audit-query.ts';
import { csvDownload } from '../utils/csv-download.server.ts';

const EXPORT_PAGE = 500;
const EXPORT_MAX_ROWS = 100_000;

/** The audit log as CSV, with the same filters as the page, streamed as the client reads it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = auditQuery(new URL(request.url).searchParams);
  const fetchPage = async (cursor?: string) => {
    const page = await context.trpc.audit.list({ ...query, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
    return { rows: page.entries, nextCursor: page.nextCursor ?? null };
  };
  let first: Awaited<ReturnType<typeof fetchPage>>;
  try {
    first = await fetchPage();
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED')) return new Response('Admins only', { status: 403 });
    if (error instanceof TRPCError && error.code === 'BAD_REQUEST') return new Response(error.message, { status: 400 });
    throw error;
  }
  return csvDownload({
    filename: 'switchboard-audit',
    columns: [
      { header: 'time (UTC)', value: (row) => row.createdAt },
      { header: 'actor', value: (row) => row.actorLabel },
      { header: 'action', value: (row) => row.action },
      { header: 'target type', value: (row) => row.targetType },
      { header: 'target id', value: (row) => row.targetId },
      { header: 'summary', value: (row) => JSON.stringify(row.summary) },
      { header: 'ip', value: (row) => row.ip },
    ],
    first,
    nextPage: fetchPage,
    signal: request.signal,
    maxRows: EXPORT_MAX_ROWS,
  });
}
