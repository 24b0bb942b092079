import { normalizeDomain, type LeadCandidate } from '@switchboard/core';
import { businessNameOf, type SiteExtraction } from '@switchboard/core/discovery';

export interface ScrapeTaskInput {
  url: string;
  origin: 'search' | 'places';
  /** The lead a listing already made, when the site came from one. */
  leadId?: string | undefined;
  title?: string | undefined;
  snippet?: string | undefined;
  query?: string | undefined;
  location?: string | null | undefined;
}

/** What a scraped website says about the business behind it, as a lead to merge. */
export function siteCandidate(input: ScrapeTaskInput, finalUrl: string, site: SiteExtraction): LeadCandidate {
  const name = businessNameOf({ siteName: site.siteName, resultTitle: input.title ?? null, pageTitle: site.title, url: finalUrl });
  const [city, region] = mentionsLocation(input, site) ? (input.location ?? '').split(',').map((part) => part.trim()) : [];
  return {
    name,
    // The site's home, not the page a search result or a listing's tracking link happened to open.
    website: `${new URL(finalUrl).origin}/`,
    city: city || null,
    region: region || null,
    phone: site.phones[0] ?? null,
    description: site.description,
    socialLinks: site.socialLinks,
    hasContactForm: site.hasContactForm,
    websiteReachable: true,
    contacts: site.emails.map((found) => ({ email: found.email, name: found.name, role: found.role, sourcePage: found.pageUrl })),
    source: {
      kind: 'website',
      // One website source per site: a listing's tracking link and a search hit's deep link are the same site.
      ref: normalizeDomain(finalUrl) ?? finalUrl,
      evidence: {
        url: finalUrl,
        emails: site.emails.map((found) => `${found.email} (${found.via})`),
        phones: site.phones,
        // Kept whole (page, method, fields) so outreach by form can use them later.
        contactForms: site.contactForms.map((form) => ({
          page: form.pageUrl,
          method: form.method.toUpperCase(),
          action: form.action,
          fields: form.fields.map((field) => `${field.label ?? field.name}${field.required ? ' (required)' : ''}`).join(', '),
        })),
        ...(input.origin === 'search' ? { foundBy: `web search "${[input.query, input.location].filter(Boolean).join(' ')}"` } : { foundBy: 'business listing' }),
      },
    },
  };
}

const NOTHING_READ: SiteExtraction = { title: null, siteName: null, description: null, emails: [], phones: [], socialLinks: [], contactForms: [], hasContactForm: false };

/** A site found but not visited (no browser to visit it with): a lead from what the search or listing said. */
export function unvisitedSiteCandidate(input: ScrapeTaskInput): LeadCandidate {
  return { ...siteCandidate(input, input.url, NOTHING_READ), websiteReachable: null };
}

/** A site from a search "plumber Austin" is put in Austin only when it says so itself. */
function mentionsLocation(input: ScrapeTaskInput, site: SiteExtraction): boolean {
  if (!input.location) return false;
  const city = input.location.split(',')[0]!.trim().toLowerCase();
  return [site.title, site.siteName, site.description, input.snippet].some((text) => text?.toLowerCase().includes(city));
}
