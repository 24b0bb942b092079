import { csvCell, type CsvColumn } from '@switchboard/core';

export interface CsvPage<Row> {
  rows: readonly Row[];
  nextCursor: string | null;
}

/**
 * A CSV file streamed a page at a time. The next page is read only when the client has taken the
 * previous one (`pull`; server/remix-handler.ts waits for the socket to drain), and paging stops as
 * soon as the client goes away (the request's signal, or the stream being cancelled), so an
 * abandoned download costs at most the page already in flight.
 */
export function csvDownload<Row>(options: {
  filename: string;
  columns: readonly CsvColumn<Row>[];
  /** Read before answering, so a bad filter is a plain 4xx rather than a broken file. */
  first: CsvPage<Row>;
  nextPage: (cursor: string) => Promise<CsvPage<Row>>;
  signal: AbortSignal;
  maxRows?: number;
}): Response {
  const encoder = new TextEncoder();
  const line = (cells: (string | number | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`;
  let page: CsvPage<Row> | null = options.first;
  let rowsSent = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(line(options.columns.map((column) => column.header))));
    },
    async pull(controller) {
      if (!page || options.signal.aborted) return controller.close();
      const rows = page.rows.slice(0, options.maxRows === undefined ? undefined : options.maxRows - rowsSent);
      rowsSent += rows.length;
      controller.enqueue(encoder.encode(rows.map((row) => line(options.columns.map((column) => column.value(row)))).join('')));
      const more = page.nextCursor !== null && !options.signal.aborted && (options.maxRows === undefined || rowsSent < options.maxRows);
      page = more ? await options.nextPage(page.nextCursor!) : null;
    },
    cancel() {
      page = null;
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${options.filename}-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
}
