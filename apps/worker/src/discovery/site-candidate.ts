import { normalizeDomain, type LeadCandidate } from '@switchboard/core';
import { type SiteExtraction } from '@switchboard/core/discovery';

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

// "Acme Plumbing | Emergency repairs" → "Acme Plumbing": titles carry taglines after a separator.
const TITLE_SEPARATOR = /\s+[|–—·:-]\s+/;

/** What a scraped website says about the business behind it, as a lead to merge. */
export function siteCandidate(input: ScrapeTaskInput, finalUrl: string, site: SiteExtraction): LeadCandidate {
  const name = site.siteName ?? firstPart(site.title) ?? firstPart(input.title ?? null) ?? new URL(finalUrl).hostname;
  const [city, region] = mentionsLocation(input, site) ? (input.location ?? '').split(',').map((part) => part.trim()) : [];
  return {
    name,
    website: finalUrl,
    city: city || null,
    region: region || null,
    phone: site.phones[0] ?? null,
    description: site.description,
    socialLinks: site.socialLinks,
    hasContactForm: site.contactForms.length > 0,
    websiteReachable: true,
    contacts: site.emails.map((found) => ({ email: found.email, sourcePage: finalUrl })),
    source: {
      kind: 'website',
      // One website source per site: a listing's tracking link and a search hit's deep link are the same site.
      ref: normalizeDomain(finalUrl) ?? finalUrl,
      evidence: {
        url: finalUrl,
        emails: site.emails.map((found) => `${found.email} (${found.via})`),
        phones: site.phones,
        contactForms: site.contactForms.length,
        ...(input.origin === 'search' ? { foundBy: `web search "${[input.query, input.location].filter(Boolean).join(' ')}"` } : { foundBy: 'business listing' }),
      },
    },
  };
}

function firstPart(title: string | null): string | null {
  const part = title?.split(TITLE_SEPARATOR)[0]?.trim();
  return part ? part : null;
}

/** A site from a search "plumber Austin" is put in Austin only when it says so itself. */
function mentionsLocation(input: ScrapeTaskInput, site: SiteExtraction): boolean {
  if (!input.location) return false;
  const city = input.location.split(',')[0]!.trim().toLowerCase();
  return [site.title, site.siteName, site.description, input.snippet].some((text) => text?.toLowerCase().includes(city));
}
