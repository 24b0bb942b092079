import type { ServerBuild } from '@remix-run/node';

// The longest route id a refusal repeats back: ours are under 60 characters; a made-up one may be any length.
const ROUTE_ID_SHOWN_MAX_CHARS = 120;

/**
 * The answer to Remix's old-style page data request (`?_data=<route id>`), given before Remix sees it. With
 * single fetch on, the pages load their data from `<path>.data`, and Remix answers `?_data=` badly: a route
 * id it does not have (or not one of this URL's) got 403 "Unexpected Server Error", a loader's data an empty
 * 200 (a 500 when that data has a `status` field), and each request logged a warning with a stack trace.
 * So: 404 for a route id the app does not have, 400 for one it has, each in words.
 */
export function pageDataParamRefusal(routeId: string, routes: ServerBuild['routes']): globalThis.Response {
  const shown = routeId.slice(0, ROUTE_ID_SHOWN_MAX_CHARS);
  const [status, sentence] = Object.hasOwn(routes, routeId)
    ? [400, `Page data comes from the page's .data address; ?_data= is not answered: ${shown}`]
    : [404, `No such page data: ${shown}`];
  return new Response(sentence, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
