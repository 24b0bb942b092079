import { everyRouteWithId } from './route-urls.ts';

const BOGUS_ROUTE_ID = 'routes/nope';

/**
 * For the tests that walk every page (anonymous-doors.test.ts, procedure-probe.test.ts): Remix's old-style
 * page data request (`?_data=<route id>`) at every route's URL, with its own route id and a made-up one.
 * A made-up id answers 404 naming it; a real one 400 saying where page data comes from; never a "Server
 * Error". Returns what went wrong, one line each.
 */
export async function pageDataProblems(base: string, cookie: string | null): Promise<string[]> {
  const headers: Record<string, string> = { origin: base, ...(cookie ? { cookie } : {}) };
  const problems: string[] = [];
  for (const { id, url } of await everyRouteWithId()) {
    // A POST to /u/… is the one-click unsubscribe, answered by the server before Remix (unsubscribe.ts).
    const asks = [['GET', BOGUS_ROUTE_ID], ['GET', id], ...(url.startsWith('/u/') ? [] : [['POST', BOGUS_ROUTE_ID], ['POST', id]])] as const;
    for (const [method, routeId] of asks) {
      const answer = await fetch(`${base}${url}?_data=${encodeURIComponent(routeId)}`, {
        method,
        redirect: 'manual',
        headers: method === 'POST' ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
        ...(method === 'POST' ? { body: 'intent=delete' } : {}),
      });
      const body = await answer.text();
      const expected =
        routeId === BOGUS_ROUTE_ID ? [404, `No such page data: ${routeId}`] : [400, `Page data comes from the page's .data address; ?_data= is not answered: ${routeId}`];
      if (answer.status !== expected[0] || body !== expected[1]) problems.push(`${method} ${url} data of ${routeId}: ${answer.status} ${body.slice(0, 100)}`);
    }
  }
  return problems;
}
