import { readdir } from 'node:fs/promises';

// For the tests that walk every page (anonymous-doors.test.ts, procedure-probe.test.ts): a new route
// file is probed without anyone adding it to a list.

/** An id no row has, for every route parameter. */
export const SOME_ID = '0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c8d';

/** The URL a route file answers, with a made-up id for each parameter. */
export function urlOfRouteFile(file: string): string | null {
  const name = file.replace(/\.(tsx|ts)$/, '');
  if (name === '$') return '/no-such-page';
  const segments = name
    .replace(/\[\.(\w+)\]/g, '.$1-ext')
    .split('.')
    .filter((segment) => segment !== '_index')
    // A trailing `_` (`calls_.$callId`) only opts out of the parent's layout; it is not in the URL.
    .map((segment) => segment.replace(/_$/, ''))
    .map((segment) => (segment.startsWith('$') ? SOME_ID : segment));
  // `[.csv]` is part of the segment before it: `leads[.csv]` is /leads.csv.
  const path = segments.join('/').replace(/\/(\w+)-ext/g, '.$1');
  return `/${path}`;
}

/** The URL of every route file of the app. */
export async function everyRouteUrl(): Promise<string[]> {
  const files = await readdir(new URL('../app/routes/', import.meta.url));
  return files.map(urlOfRouteFile).filter((url): url is string => url !== null);
}

/** Every route file's Remix route id (`routes/leads._index`) with its URL. */
export async function everyRouteWithId(): Promise<{ id: string; url: string }[]> {
  const files = await readdir(new URL('../app/routes/', import.meta.url));
  return files.flatMap((file) => {
    const url = urlOfRouteFile(file);
    return url === null ? [] : [{ id: `routes/${file.replace(/\.(tsx|ts)$/, '')}`, url }];
  });
}
