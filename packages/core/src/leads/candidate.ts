import { z } from 'zod';

/** Where a lead was found. `import` is a CSV row; the others come from a discovery run. */
export const LEAD_SOURCE_KINDS = ['search', 'places', 'website', 'import'] as const;
export type LeadSourceKind = (typeof LEAD_SOURCE_KINDS)[number];

/** A person or address at a business, as a source reported it. */
export interface ContactCandidate {
  email?: string | null;
  name?: string | null;
  role?: string | null;
  phone?: string | null;
  sourcePage?: string | null;
}

/** A business as one source saw it, before it is matched against the leads already stored. */
export interface LeadCandidate {
  name: string;
  website?: string | null;
  address?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
  lat?: number | null;
  lng?: number | null;
  /** E.164 when the source could normalise it; anything else is normalised again on merge. */
  phone?: string | null;
  category?: string | null;
  rating?: number | null;
  reviewCount?: number | null;
  description?: string | null;
  socialLinks?: string[];
  hasContactForm?: boolean | null;
  websiteReachable?: boolean | null;
  contacts?: ContactCandidate[];
  source: {
    kind: LeadSourceKind;
    /** A url, a place id, or "<import file>#row<n>". */
    ref: string;
    evidence: Record<string, unknown>;
  };
}

const optionalText = (max: number) => z.string().max(max).nullish();

/** The same shape as a zod schema, for job payloads that carry candidates between processes. */
export const ZContactCandidate = z.object({
  email: optionalText(320),
  name: optionalText(300),
  role: optionalText(300),
  phone: optionalText(50),
  sourcePage: optionalText(2000),
});

export const ZLeadCandidate = z.object({
  name: z.string().trim().min(1).max(300),
  website: optionalText(2000),
  address: optionalText(500),
  city: optionalText(200),
  region: optionalText(200),
  country: optionalText(100),
  lat: z.number().min(-90).max(90).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
  phone: optionalText(50),
  category: optionalText(200),
  rating: z.number().min(0).max(5).nullish(),
  reviewCount: z.number().int().min(0).nullish(),
  description: optionalText(5000),
  socialLinks: z.array(z.string().max(2000)).max(50).optional(),
  hasContactForm: z.boolean().nullish(),
  websiteReachable: z.boolean().nullish(),
  contacts: z.array(ZContactCandidate).max(200).optional(),
  source: z.object({
    kind: z.enum(LEAD_SOURCE_KINDS),
    ref: z.string().min(1).max(2000),
    evidence: z.record(z.string(), z.unknown()),
  }),
}) satisfies z.ZodType<LeadCandidate>;
