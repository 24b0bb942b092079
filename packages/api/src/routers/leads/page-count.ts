import type { LeadCount } from '@switchboard/db';

/**
 * The count a page's heading shows. A first page that is also the last has counted its leads
 * already (a search for one business); only otherwise is the database asked (estimateLeadCount).
 */
export async function countBeside(page: { leads: unknown[]; nextCursor: string | null }, cursor: string | undefined, count: () => Promise<LeadCount>): Promise<LeadCount> {
  if (!cursor && !page.nextCursor) return { count: page.leads.length, exact: true };
  return count();
}
