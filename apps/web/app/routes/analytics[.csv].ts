import type { LoaderFunctionArgs } from '@remix-run/node';
import { analyticsDetailCsvColumns, analyticsGroupCsvColumns, type CsvColumn } from '@switchboard/core';
import type { ApiInputs, ApiOutputs } from '../utils/api-types.ts';
import { analyticsQuery } from '../utils/analytics-query.ts';
import { csvDownload } from '../utils/csv-download.server.ts';
import { firstPageOrRefusal } from '../utils/request-errors.server.ts';

type Export = ApiOutputs['analytics']['export'];

/**
 * The analytics of the page's campaign and dates as CSV: one line per day × campaign × step × mailbox
 * (`group=detail`, the default), or per day, step, mailbox or campaign. At most 92 days, so one read;
 * cells are written by core's csvCell, which never lets a campaign name or address become a formula.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  // Checked by the API: an unknown grouping is a 400 with the list of known ones.
  const groupBy = (params.get('group') || 'detail') as ApiInputs['analytics']['export']['groupBy'];
  const result = await firstPageOrRefusal(() => context.trpc.analytics.export({ ...analyticsQuery(params), groupBy }));
  if (result instanceof Response) return result;
  const scope = `${result.campaign ? 'campaign' : 'workspace'}-${result.groupBy}-${result.from}-to-${result.to}`;
  const rows: readonly (Export['detail'][number] | Export['groups'][number])[] = result.groupBy === 'detail' ? result.detail : result.groups;
  const columns = (result.groupBy === 'detail' ? analyticsDetailCsvColumns() : analyticsGroupCsvColumns(result.groupBy)) as CsvColumn<(typeof rows)[number]>[];
  return csvDownload({ filename: `switchboard-analytics-${scope}`, columns, first: { rows, nextCursor: null }, nextPage: () => Promise.resolve({ rows: [], nextCursor: null }), signal: request.signal });
}
