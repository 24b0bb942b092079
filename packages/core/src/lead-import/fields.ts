import { foldText } from '../leads/text.ts';

export const LEAD_IMPORT_FIELD_NAMES = [
  'name',
  'website',
  'email',
  'phone',
  'address',
  'postalCode',
  'city',
  'region',
  'country',
  'category',
  'contactName',
  'contactRole',
  'rating',
  'reviewCount',
  'description',
  'lat',
  'lng',
] as const;
export type LeadImportField = (typeof LEAD_IMPORT_FIELD_NAMES)[number];

export interface LeadImportFieldSpec {
  field: LeadImportField;
  label: string;
  required: boolean;
  /** Header spellings that mean this field, folded (lower case, punctuation as spaces). */
  aliases: readonly string[];
}

/** The columns an import understands, in the order a mapping form shows them. */
export const LEAD_IMPORT_FIELDS: readonly LeadImportFieldSpec[] = Object.freeze([
  { field: 'name', label: 'Business name', required: true, aliases: ['name', 'business name', 'company', 'company name', 'business', 'organization', 'organisation', 'account name', 'place name', 'firma', 'firmenname', 'unternehmen'] },
  { field: 'website', label: 'Website', required: false, aliases: ['website', 'url', 'web', 'site', 'homepage', 'domain', 'web site', 'website url', 'webseite', 'homepage url'] },
  { field: 'email', label: 'Email', required: false, aliases: ['email', 'e mail', 'email address', 'mail', 'contact email', 'emails', 'e mail address', 'email adresse', 'e mail adresse'] },
  { field: 'phone', label: 'Phone', required: false, aliases: ['phone', 'telephone', 'tel', 'phone number', 'main phone', 'phone 1', 'mobile', 'telefon', 'telefonnummer'] },
  { field: 'address', label: 'Street address', required: false, aliases: ['address', 'street', 'street address', 'address 1', 'address line 1', 'full address', 'addr', 'strasse', 'adresse', 'anschrift'] },
  { field: 'postalCode', label: 'Postal code', required: false, aliases: ['zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'postal', 'plz'] },
  { field: 'city', label: 'City', required: false, aliases: ['city', 'town', 'locality', 'municipality', 'stadt', 'ort'] },
  { field: 'region', label: 'State / region', required: false, aliases: ['region', 'state', 'province', 'county', 'state province', 'state region'] },
  { field: 'country', label: 'Country', required: false, aliases: ['country', 'country code', 'nation', 'land'] },
  { field: 'category', label: 'Category', required: false, aliases: ['category', 'industry', 'business type', 'type', 'categories', 'niche', 'main category'] },
  { field: 'contactName', label: 'Contact name', required: false, aliases: ['contact name', 'contact', 'full name', 'person', 'owner', 'owner name', 'contact person'] },
  { field: 'contactRole', label: 'Contact role', required: false, aliases: ['contact role', 'role', 'job title', 'position', 'contact title', 'title'] },
  { field: 'rating', label: 'Rating (0–5)', required: false, aliases: ['rating', 'stars', 'google rating', 'average rating', 'avg rating'] },
  { field: 'reviewCount', label: 'Review count', required: false, aliases: ['reviews', 'review count', 'number of reviews', 'reviews count', 'ratings count', 'user ratings total'] },
  { field: 'description', label: 'Description', required: false, aliases: ['description', 'about', 'notes', 'summary'] },
  { field: 'lat', label: 'Latitude', required: false, aliases: ['lat', 'latitude'] },
  { field: 'lng', label: 'Longitude', required: false, aliases: ['lng', 'lon', 'long', 'longitude'] },
] satisfies LeadImportFieldSpec[]);

/** Which column (0-based index into the header row) holds each field. */
export type LeadImportMapping = Partial<Record<LeadImportField, number>>;

/**
 * A first mapping for the form: exact header matches first, then headers that contain an alias as a
 * word, preferring the alias at the end ("Company Phone" is a phone, "Phone Company" a name). Each
 * column is used at most once.
 */
export function guessColumnMapping(headers: readonly string[]): LeadImportMapping {
  const folded = headers.map((header) => foldText(header));
  const mapping: LeadImportMapping = {};
  const used = new Set<number>();
  for (const spec of LEAD_IMPORT_FIELDS) {
    const column = folded.findIndex((header, index) => !used.has(index) && spec.aliases.includes(header));
    if (column >= 0) {
      mapping[spec.field] = column;
      used.add(column);
    }
  }
  const partial: { field: LeadImportField; column: number; strength: number }[] = [];
  for (const spec of LEAD_IMPORT_FIELDS) {
    if (mapping[spec.field] !== undefined) continue;
    folded.forEach((header, column) => {
      if (used.has(column) || header === '') return;
      for (const alias of spec.aliases) {
        if (!` ${header} `.includes(` ${alias} `)) continue;
        partial.push({ field: spec.field, column, strength: alias.length + (header.endsWith(alias) ? 100 : 0) });
      }
    });
  }
  partial.sort((a, b) => b.strength - a.strength || a.column - b.column);
  for (const { field, column } of partial) {
    if (mapping[field] !== undefined || used.has(column)) continue;
    mapping[field] = column;
    used.add(column);
  }
  return mapping;
}
