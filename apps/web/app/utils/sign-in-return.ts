// Signing in takes a person back to the page they opened, never to another site: the path comes back from
// the browser (?next=), so anything that is not a plain path on this site lands on the home page instead.
import { SIGN_IN_NEXT_MAX_LENGTH } from '@switchboard/core';
import { HOME_PATH } from './home.ts';

const SITE = 'http://switchboard.invalid';
/**
 * Pages about getting a session, which anyone may open; every other page needs a signed-in member.
 * Returning to one of them after signing in would loop or mean nothing.
 */
export const SIGN_IN_PAGES: ReadonlySet<string> = new Set(['/sign-in', '/setup', '/sign-out', '/auth/link', '/forgot-password', '/reset-password']);

/** The sign-in page, remembering the page a signed-out person asked for (none for the home page). */
export function signInPathFor(pathname: string, search: string): string {
  const next = `${pathname}${search}`;
  return pathname === '/' || pathname === HOME_PATH || SIGN_IN_PAGES.has(pathname) ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Where to go once signed in: `next` when it is a path on this site, else the home page. */
export function pathAfterSignIn(next: unknown): string {
  if (typeof next !== 'string' || next.length > SIGN_IN_NEXT_MAX_LENGTH || !next.startsWith('/')) return HOME_PATH;
  // "//host" and "/\host" are other sites to a browser; control characters have no place in a path.
  if (next.startsWith('//') || next.includes('\\') || hasControlCharacter(next)) return HOME_PATH;
  let url: URL;
  try {
    url = new URL(next, SITE);
  } catch {
    return HOME_PATH;
  }
  if (url.origin !== SITE || SIGN_IN_PAGES.has(url.pathname)) return HOME_PATH;
  // Percent-encoding can lengthen it: an emailed link stores at most this much.
  const path = `${url.pathname}${url.search}`;
  return path.length > SIGN_IN_NEXT_MAX_LENGTH ? HOME_PATH : path;
}
