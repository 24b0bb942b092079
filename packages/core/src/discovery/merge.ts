import type { ContactForm } from './contact-forms.ts';
import type { EmailSource, PageExtraction } from './extract.ts';

export interface SiteEmail {
  email: string;
  via: EmailSource;
  /** The first page the address was found on. */
  pageUrl: string;
  name: string | null;
  role: string | null;
}

export interface SiteExtraction {
  title: string | null;
  siteName: string | null;
  description: string | null;
  emails: SiteEmail[];
  /** E.164, the most often shown first (the main number is usually on every page). */
  phones: string[];
  socialLinks: string[];
  contactForms: (ContactForm & { pageUrl: string })[];
  hasContactForm: boolean;
}

/**
 * One site's findings from its pages, start page first: the start page's title and description win,
 * addresses and numbers are de-duplicated, and each address keeps the plainest way it was shown.
 */
export function mergeExtractions(pages: readonly { url: string; extraction: PageExtraction }[]): SiteExtraction {
  const emails = new Map<string, SiteEmail>();
  const phoneCounts = new Map<string, { count: number; order: number }>();
  const socialLinks = new Set<string>();
  const contactForms: SiteExtraction['contactForms'] = [];
  const formKeys = new Set<string>();
  for (const { url, extraction } of pages) {
    for (const found of extraction.emails) {
      const known = emails.get(found.email);
      if (!known) {
        emails.set(found.email, { email: found.email, via: found.via, pageUrl: url, name: found.name, role: found.role });
        continue;
      }
      if (SOURCE_RANK[found.via] < SOURCE_RANK[known.via]) known.via = found.via;
      if (!known.name && found.name) Object.assign(known, { name: found.name, role: found.role });
    }
    for (const phone of extraction.phones) {
      const known = phoneCounts.get(phone);
      phoneCounts.set(phone, { count: (known?.count ?? 0) + 1, order: known?.order ?? phoneCounts.size });
    }
    for (const link of extraction.socialLinks) socialLinks.add(link);
    for (const form of extraction.contactForms) {
      // The same footer form on every page is one form.
      const key = `${form.action} ${form.fields.map((field) => field.name).join(',')}`;
      if (formKeys.has(key)) continue;
      formKeys.add(key);
      contactForms.push({ ...form, pageUrl: url });
    }
  }
  const first = <K extends 'title' | 'siteName' | 'description'>(key: K) => pages.map((page) => page.extraction[key]).find((value) => value !== null) ?? null;
  return {
    title: first('title'),
    siteName: first('siteName'),
    description: first('description'),
    emails: [...emails.values()],
    phones: [...phoneCounts.entries()].sort(([, a], [, b]) => b.count - a.count || a.order - b.order).map(([phone]) => phone),
    socialLinks: [...socialLinks],
    contactForms,
    hasContactForm: contactForms.length > 0,
  };
}

const SOURCE_RANK: Record<EmailSource, number> = { mailto: 0, text: 1, obfuscated: 2 };
