import type { Cheerio, CheerioAPI } from 'cheerio/slim';

/** A node of a loaded page (cheerio does not re-export domhandler's type). */
export type DomNode = ReturnType<Cheerio<never>['contents']> extends Cheerio<infer Node> ? Node : never;
export type { Cheerio, CheerioAPI };

/** Whitespace collapsed to single spaces and trimmed; null when nothing is left. */
export function cleanText(text: string | undefined | null): string | null {
  const cleaned = (text ?? '').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

/** `href` resolved against the page (and its <base>), http(s) only, without the fragment. */
export function absoluteUrl(href: string | undefined, baseUrl: string): URL | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim(), baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

/** The host a site is known by: lower case, without "www.". */
export function siteHost(url: URL | string): string {
  const host = typeof url === 'string' ? new URL(url).hostname : url.hostname;
  return host.toLowerCase().replace(/^www\d*\./, '');
}
