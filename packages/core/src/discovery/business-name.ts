import { normalizeDomain } from '../leads/keys.ts';
import { foldText } from '../leads/text.ts';

// "Acme Plumbing | Emergency repairs" → "Acme Plumbing": titles carry taglines or page names beside the name.
const TITLE_SEPARATOR = /\s+[|–—·:-]\s+/;

// What a page is, not whose it is: "About | Acme" must not name a lead "About". Compared folded.
const GENERIC_TITLES = new Set(
  [
    'about', 'about us', 'about me', 'who we are', 'our story', 'uber uns', 'contact', 'contact us', 'contacts', 'get in touch', 'kontakt',
    'home', 'homepage', 'home page', 'startseite', 'welcome', 'index', 'untitled', 'untitled document', 'untitled page', 'new page', 'page',
    'default page', 'main page', 'main', 'coming soon', 'under construction', 'site', 'website', 'my site', 'my website', 'my blog', 'blog',
    'news', 'services', 'our services', 'team', 'our team', 'meet the team', 'impressum', 'imprint', 'privacy', 'privacy policy', 'datenschutz',
    'terms', 'thank you', 'thanks', 'danke', 'page not found', 'not found', '404', '403', 'error', 'loading', 'wordpress',
    'just another wordpress site', 'facebook', 'log in', 'login', 'sign in',
  ].map(foldText),
);

export interface BusinessNameSources {
  /** The site's own name for itself: og:site_name, JSON-LD, application-name. */
  siteName: string | null;
  /** The title a search result or listing gave the site. */
  resultTitle: string | null;
  /** The title of the page the scraper read first. */
  pageTitle: string | null;
  /** Where the site is: the last resort. */
  url: string;
}

/** True when text names a page ("About us", "Home") or is the site's address rather than a business. */
export function isGenericPageTitle(text: string, url: string): boolean {
  const folded = foldText(text);
  if (folded === '' || GENERIC_TITLES.has(folded)) return true;
  const domain = normalizeDomain(url);
  const asDomain = normalizeDomain(text.trim());
  return domain !== null && (asDomain === domain || folded === foldText(domain));
}

/** "Welcome to Acme Plumbing" → "Acme Plumbing". */
function withoutWelcome(part: string): string {
  return part.replace(/^welcome\s+to\s+(the\s+)?/i, '').trim();
}

function nameFromTitle(title: string | null, url: string): string | null {
  const parts = (title ?? '').split(TITLE_SEPARATOR).map((part) => withoutWelcome(part.trim()));
  return parts.find((part) => part !== '' && !isGenericPageTitle(part, url)) ?? null;
}

/**
 * The name of the business behind a website: its own site name, else the first part of the search
 * result's title, else of the page's title that is not a page name or the address, else its domain.
 */
export function businessNameOf(sources: BusinessNameSources): string {
  const siteName = sources.siteName?.trim() ?? '';
  if (siteName !== '' && !isGenericPageTitle(siteName, sources.url)) return siteName;
  return nameFromTitle(sources.resultTitle, sources.url) ?? nameFromTitle(sources.pageTitle, sources.url) ?? normalizeDomain(sources.url) ?? new URL(sources.url).hostname;
}
