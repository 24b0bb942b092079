import { siteHost } from './dom.ts';

export interface PageLink {
  url: string;
  text: string;
}

// How likely a page is to name the people and addresses behind a business, by words in its path or link text.
const PAGE_KINDS: { pattern: RegExp; score: number }[] = [
  { pattern: /\b(contact|contact[-_ ]?us|get[-_ ]in[-_ ]touch|kontakt|contacto|contatti|contactez|nous[-_ ]contacter|reach[-_ ]us)\b/i, score: 100 },
  { pattern: /\b(impressum|imprint|legal[-_ ]notice|mentions[-_ ]legales|aviso[-_ ]legal)\b/i, score: 80 },
  { pattern: /\b(team|our[-_ ]team|staff|people|leadership|meet[-_ ]the[-_ ]team|mitarbeiter|ueber[-_ ]uns|about|about[-_ ]us|our[-_ ]story|who[-_ ]we[-_ ]are|company)\b/i, score: 60 },
  { pattern: /über[-_ ]uns/i, score: 60 },
  { pattern: /\b(locations?|find[-_ ]us|visit[-_ ]us|directions|hours)\b/i, score: 40 },
];

// Pages that never carry contact details worth a request: files, carts, logins, feeds.
const NOT_WORTH_A_VISIT = /\.(pdf|jpe?g|png|gif|svg|webp|zip|docx?|xlsx?|mp4|mp3)$|\/(cart|checkout|login|signin|sign-in|account|wp-admin|wp-login\.php|feed|tag|category)(\/|$)/i;

/**
 * Up to `max` pages of the site worth visiting for contact details, best first: contact, impressum,
 * team/about, locations. Other hosts, the start page itself and files are left out.
 */
export function pickContactPages(links: readonly PageLink[], siteUrl: string, max: number): string[] {
  if (max <= 0) return [];
  let home: URL;
  try {
    home = new URL(siteUrl);
  } catch {
    return [];
  }
  const host = siteHost(home);
  const seen = new Set([pageKey(home)]);
  const ranked: { url: string; score: number; depth: number; order: number }[] = [];
  links.forEach((link, order) => {
    let url: URL;
    try {
      url = new URL(link.url, home);
    } catch {
      return;
    }
    url.hash = '';
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || siteHost(url) !== host) return;
    if (NOT_WORTH_A_VISIT.test(url.pathname)) return;
    const key = pageKey(url);
    if (seen.has(key)) return;
    const words = `${decodeSafely(url.pathname)} ${link.text}`;
    const score = Math.max(0, ...PAGE_KINDS.filter((kind) => kind.pattern.test(words)).map((kind) => kind.score));
    if (score === 0) return;
    seen.add(key);
    ranked.push({ url: url.toString(), score, depth: url.pathname.split('/').filter(Boolean).length, order });
  });
  ranked.sort((a, b) => b.score - a.score || a.depth - b.depth || a.order - b.order);
  return ranked.slice(0, max).map((page) => page.url);
}

/** One key per page whatever the case of the host, "www." or a trailing slash. */
function pageKey(url: URL): string {
  return `${siteHost(url)}${url.pathname.replace(/\/+$/, '').toLowerCase()}${url.search}`;
}

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
