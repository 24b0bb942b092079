import { load } from 'cheerio/slim';
import type { CountryCode } from 'libphonenumber-js';
import { findContactForms, type ContactForm } from './contact-forms.ts';
import type { PageLink } from './contact-pages.ts';
import { absoluteUrl, cleanText, siteHost, type CheerioAPI } from './dom.ts';
import { decodeCloudflareEmail, deobfuscateEmails, emailsFromMailto, findEmails, isPlausibleContactEmail } from './emails.ts';
import { readJsonLd } from './json-ld.ts';
import { personNear } from './people.ts';
import { findPhones, pageCountry } from './phones.ts';
import { socialProfileUrl } from './social.ts';
import { visibleText } from './page-text.ts';

export const EMAIL_SOURCES = ['mailto', 'text', 'obfuscated'] as const;
export type EmailSource = (typeof EMAIL_SOURCES)[number];

export interface PageEmail {
  email: string;
  /** How the page gave the address away: a mailto: link, plain text, or text written to hide it. */
  via: EmailSource;
  /** The person it belongs to, when it sits in a team-page card with a name. */
  name: string | null;
  role: string | null;
}

export interface PageExtraction {
  title: string | null;
  siteName: string | null;
  description: string | null;
  emails: PageEmail[];
  /** E.164. */
  phones: string[];
  socialLinks: string[];
  contactForms: ContactForm[];
  /** Links to other pages of the same site, absolute, without fragments. */
  links: PageLink[];
}

export interface ExtractOptions {
  /** The country national-format numbers belong to when the caller knows it (from a listing); else read from the page. */
  defaultCountry?: CountryCode | undefined;
}

const DESCRIPTION_MAX_CHARS = 300;
const PARAGRAPH_MIN_CHARS = 60;

/** Everything a business page tells about how to reach the business. Pure: takes the HTML, no I/O. */
export function extractPage(html: string, pageUrl: string, options: ExtractOptions = {}): PageExtraction {
  const $ = load(html);
  const baseUrl = absoluteUrl($('base[href]').attr('href'), pageUrl)?.toString() ?? pageUrl;
  const structured = readJsonLd($);
  const emails = new EmailList();

  const telLinks: string[] = [];
  const socialLinks = new Set<string>();
  const links = new Map<string, PageLink>();
  const host = safeSiteHost(pageUrl);
  $('a[href]').each((_, element) => {
    const anchor = $(element);
    const href = anchor.attr('href')!.trim();
    if (/^mailto:/i.test(href)) {
      const person = personNear($, anchor);
      for (const email of emailsFromMailto(href)) emails.add(email, 'mailto', person);
      return;
    }
    if (/^tel:/i.test(href)) {
      telLinks.push(href);
      return;
    }
    const url = absoluteUrl(href, baseUrl);
    if (!url) return;
    // Cloudflare rewrites protected addresses into links to its decoder page.
    const protectedEmail = /\/cdn-cgi\/l\/email-protection$/.test(url.pathname) ? decodeCloudflareEmail(href.split('#')[1] ?? '') : null;
    if (protectedEmail) {
      emails.add(protectedEmail, 'obfuscated', personNear($, anchor));
      return;
    }
    const social = socialProfileUrl(url.toString());
    if (social) socialLinks.add(social);
    else if (host !== null && siteHost(url) === host && !links.has(url.toString())) {
      links.set(url.toString(), { url: url.toString(), text: cleanText(anchor.text()) ?? cleanText(anchor.attr('title')) ?? '' });
    }
  });
  for (const link of structured.sameAs) {
    const social = socialProfileUrl(link);
    if (social) socialLinks.add(social);
  }
  $('[data-cfemail]').each((_, element) => {
    const email = decodeCloudflareEmail($(element).attr('data-cfemail') ?? '');
    if (email) emails.add(email, 'obfuscated', null);
  });

  const contactForms = findContactForms($, baseUrl);
  const title = cleanText($('title').first().text());
  const siteName = cleanText($('meta[property="og:site_name"]').attr('content')) ?? structured.names[0] ?? cleanText($('meta[name="application-name"]').attr('content'));
  const description = truncate(
    cleanText($('meta[name="description" i]').attr('content')) ??
      cleanText($('meta[property="og:description"]').attr('content')) ??
      cleanText(structured.descriptions[0]) ??
      firstParagraph($),
  );
  const country = options.defaultCountry ?? pageCountry($, pageUrl, structured.countries);

  // From here on the document is changed to read it as a visitor would.
  const text = visibleText($);
  for (const email of findEmails(text)) emails.add(email, 'text', null);
  for (const email of structured.emails) if (isPlausibleContactEmail(email.replace(/^mailto:/i, ''))) emails.add(email.replace(/^mailto:/i, ''), 'text', null);
  for (const email of deobfuscateEmails(text)) emails.add(email, 'obfuscated', null);
  const phones = findPhones({ telLinks, structured: structured.telephones, text }, country);

  return { title, siteName, description, emails: emails.list(), phones, socialLinks: [...socialLinks], contactForms, links: [...links.values()] };
}

const SOURCE_RANK: Record<EmailSource, number> = { mailto: 0, text: 1, obfuscated: 2 };

/** Addresses in order of first appearance, each with the plainest way the page showed it. */
class EmailList {
  private readonly byEmail = new Map<string, PageEmail>();

  add(raw: string, via: EmailSource, person: { name: string; role: string | null } | null): void {
    const email = raw.trim().toLowerCase();
    const known = this.byEmail.get(email);
    if (!known) {
      this.byEmail.set(email, { email, via, name: person?.name ?? null, role: person?.role ?? null });
      return;
    }
    if (SOURCE_RANK[via] < SOURCE_RANK[known.via]) known.via = via;
    if (!known.name && person) Object.assign(known, { name: person.name, role: person.role });
  }

  list(): PageEmail[] {
    return [...this.byEmail.values()];
  }
}

/** The first paragraph with enough words to describe the business, outside navigation and forms. */
function firstParagraph($: CheerioAPI): string | null {
  const paragraphs = $('main p, article p, p').toArray();
  for (const paragraph of paragraphs) {
    const element = $(paragraph);
    if (element.closest('nav,header,footer,form,aside,[class*="cookie"],[id*="cookie"]').length > 0) continue;
    const text = cleanText(element.text());
    if (text && text.length >= PARAGRAPH_MIN_CHARS) return text;
  }
  return null;
}

function truncate(text: string | null): string | null {
  if (!text || text.length <= DESCRIPTION_MAX_CHARS) return text;
  const cut = text.slice(0, DESCRIPTION_MAX_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), DESCRIPTION_MAX_CHARS - 40)).trimEnd()}…`;
}

function safeSiteHost(url: string): string | null {
  try {
    return siteHost(url);
  } catch {
    return null;
  }
}
