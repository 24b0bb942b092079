import { toCsv } from '@switchboard/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { auditQuery } from '../utils/audit-query.ts';

const EXPORT_PAGE = 500;
const EXPORT_MAX_ROWS = 100_000;

/** The audit log as CSV, with the same filters as the page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = auditQuery(new URL(request.url).searchParams);
  type Entry = Awaited<ReturnType<typeof context.trpc.audit.list>>['entries'][number];
  const rows: Entry[] = [];
  try {
    let cursor: string | undefined;
    do {
      const page = await context.trpc.audit.list({ ...query, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
      rows.push(...page.entries);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows.length < EXPORT_MAX_ROWS);
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED')) return new Response('Admins only', { status: 403 });
    if (error instanceof TRPCError && error.code === 'BAD_REQUEST') return new Response(error.message, { status: 400 });
    throw error;
  }
  const csv = toCsv(rows, [
    { header: 'time (UTC)', value: (row) => row.createdAt },
    { header: 'actor', value: (row) => row.actorLabel },
    { header: 'action', value: (row) => row.action },
    { header: 'target type', value: (row) => row.targetType },
    { header: 'target id', value: (row) => row.targetId },
    { header: 'summary', value: (row) => JSON.stringify(row.summary) },
    { header: 'ip', value: (row) => row.ip },
  ]);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="switchboard-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
}
