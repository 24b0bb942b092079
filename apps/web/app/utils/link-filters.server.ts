import type { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { requestError } from './request-errors.server.ts';

// A page's filters come from its URL, which people edit and keep in old links. A value the API refuses
// there is not worth an error page: the page shows without it and says which filter it left out.

/** A page's filters read from its URL, as its list procedure takes them. */
export interface LinkFilters<Query extends object> {
  query: Query;
  /** What the page calls each filter a link may carry ("status", "page link"); filters sharing a name are left out together. */
  names: Partial<Record<keyof Query & string, string>>;
  /** Left out first when the API refuses the link without naming a field (a page link the query could not follow). */
  pageKey?: keyof Query & string;
}

export interface FilteredPage<Query, Page> {
  page: Page;
  /** The filters the page shows: the link's, less the ones left out. */
  query: Query;
  /** The sentence saying which filters were left out and why, or null when the whole link was understood. */
  ignored: string | null;
}

// The API's sentences are ours and short; this only keeps a pile of them from growing the page.
const MAX_REASON_CHARS = 300;

/**
 * Loads a page with the link's filters; when the API refuses some as bad input (400), loads it again
 * without them, down to the page's defaults. Any other refusal, or a 400 no filter explains, is thrown.
 */
export async function loadWithLinkFilters<Query extends object, Page>(
  filters: LinkFilters<Query>,
  load: (query: Query) => Promise<Page>,
): Promise<FilteredPage<Query, Page>> {
  let query = filters.query;
  const leftOut: string[] = [];
  const reasons: string[] = [];
  // Each retry drops at least one filter the query still has, so this ends.
  for (;;) {
    try {
      const page = await load(query);
      return { page, query, ignored: leftOut.length > 0 ? ignoredSentence(leftOut, reasons) : null };
    } catch (error) {
      const problem = requestError(error);
      const drop = problem?.status === 400 ? keysToLeaveOut(filters, query, error as TRPCError) : [];
      if (drop.length === 0) throw error;
      for (const key of drop) {
        const name = filters.names[key]!;
        if (!leftOut.includes(name)) leftOut.push(name);
      }
      if (!reasons.includes(problem!.message)) reasons.push(problem!.message);
      query = Object.fromEntries(Object.entries(query).filter(([key]) => !drop.includes(key as keyof Query & string))) as Query;
    }
  }
}

function keysToLeaveOut<Query extends object>(filters: LinkFilters<Query>, query: Query, error: TRPCError): (keyof Query & string)[] {
  const present = (Object.keys(query) as (keyof Query & string)[]).filter((key) => filters.names[key] !== undefined);
  if (error.cause instanceof ZodError) {
    const named = new Set(error.cause.issues.map((issue) => String(issue.path[0])));
    const refused = present.filter((key) => named.has(key));
    // A field that is not a filter (the page size) is ours to fix: no filter left out would help.
    const names = new Set(refused.map((key) => filters.names[key]));
    return present.filter((key) => names.has(filters.names[key]));
  }
  if (filters.pageKey && present.includes(filters.pageKey)) return [filters.pageKey];
  return present;
}

function ignoredSentence(leftOut: string[], reasons: string[]): string {
  const names = leftOut.length === 1 ? leftOut[0]! : `${leftOut.slice(0, -1).join(', ')} and ${leftOut.at(-1)!}`;
  const reason = reasons.join(' ');
  const shortReason = reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason;
  return `Not understood in this link, so left out: ${names}. ${shortReason}`;
}
