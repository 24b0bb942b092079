/**
 * What the writer may say about a lead: only what discovery or an import stored. Nothing here is
 * looked up at writing time, so a sentence the writer returns can be checked against it.
 */
export interface WriterEvidence {
  leadName: string;
  category: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  address: string | null;
  website: string | null;
  /** The site's own description (meta description), cut to WRITER_DESCRIPTION_MAX_CHARS. */
  description: string | null;
  rating: number | null;
  reviewCount: number | null;
}

/** The part of a stored lead the writer reads (structural, so core stays free of db types). */
export type LeadForWriter = Omit<WriterEvidence, 'leadName' | 'rating'> & {
  name: string;
  /** numeric columns arrive as strings from postgres.js. */
  rating: number | string | null;
  sources: readonly { kind: string; evidence: Record<string, unknown> }[];
};

/** Longer descriptions cost tokens and add little to one opening line. */
export const WRITER_DESCRIPTION_MAX_CHARS = 500;

/** The lead's stored facts, with a listing's address used when the lead itself has none. */
export function writerEvidenceFrom(lead: LeadForWriter): WriterEvidence {
  const listedAddress = lead.sources
    .map((source) => source.evidence['address'])
    .find((address): address is string => typeof address === 'string' && address.trim() !== '');
  const rating = lead.rating === null ? null : Number(lead.rating);
  return {
    leadName: clean(lead.name) ?? lead.name,
    category: clean(lead.category),
    city: clean(lead.city),
    region: clean(lead.region),
    country: clean(lead.country),
    address: clean(lead.address) ?? clean(listedAddress ?? null),
    website: clean(lead.website),
    description: clean(lead.description)?.slice(0, WRITER_DESCRIPTION_MAX_CHARS) ?? null,
    rating: rating !== null && Number.isFinite(rating) ? rating : null,
    reviewCount: lead.reviewCount,
  };
}

/** The evidence as labelled lines, the only facts the prompt offers (and the text output is checked against). */
export function evidenceLines(evidence: WriterEvidence): string[] {
  const lines = [`Business name: ${evidence.leadName}`];
  if (evidence.category) lines.push(`Category: ${evidence.category}`);
  const place = [evidence.city, evidence.region, evidence.country].filter(Boolean).join(', ');
  if (place) lines.push(`Location: ${place}`);
  if (evidence.address) lines.push(`Address: ${evidence.address}`);
  if (evidence.website) lines.push(`Website: ${evidence.website}`);
  if (evidence.description) lines.push(`The website describes itself as: ${evidence.description}`);
  if (evidence.rating !== null) {
    lines.push(`Listing rating: ${evidence.rating} out of 5${evidence.reviewCount !== null ? ` from ${evidence.reviewCount} reviews` : ''}`);
  }
  return lines;
}

function clean(value: string | null): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}
