import type { CheerioAPI } from './dom.ts';

/** What a page says about its business in schema.org JSON-LD (LocalBusiness, Organization …). */
export interface StructuredBusiness {
  names: string[];
  descriptions: string[];
  emails: string[];
  telephones: string[];
  countries: string[];
  sameAs: string[];
}

export function readJsonLd($: CheerioAPI): StructuredBusiness {
  const found: StructuredBusiness = { names: [], descriptions: [], emails: [], telephones: [], countries: [], sameAs: [] };
  $('script[type="application/ld+json"]').each((_, element) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse($(element).text());
    } catch {
      return; // Broken JSON-LD is common and says nothing we can use.
    }
    for (const node of flatten(parsed)) collect(node, found);
  });
  return found;
}

function flatten(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (!isObject(value)) return [];
  const graph = value['@graph'];
  return [value, ...(graph ? flatten(graph) : [])];
}

function collect(node: Record<string, unknown>, found: StructuredBusiness): void {
  const types = [node['@type']].flat().filter((type): type is string => typeof type === 'string');
  // WebSite and WebPage carry the site's name but not the business's contact details.
  const describesBusiness = types.length === 0 || !types.every((type) => /^(WebSite|WebPage|BreadcrumbList|ImageObject|SearchAction)$/.test(type));
  if (!describesBusiness) return;
  pushStrings(found.names, node.name);
  pushStrings(found.descriptions, node.description);
  pushStrings(found.emails, node.email);
  pushStrings(found.telephones, node.telephone);
  pushStrings(found.sameAs, node.sameAs);
  for (const address of [node.address].flat()) {
    if (!isObject(address)) continue;
    const country = address.addressCountry;
    pushStrings(found.countries, isObject(country) ? country.name : country);
  }
  for (const point of [node.contactPoint].flat()) {
    if (!isObject(point)) continue;
    pushStrings(found.emails, point.email);
    pushStrings(found.telephones, point.telephone);
  }
}

function pushStrings(into: string[], value: unknown): void {
  for (const item of [value].flat()) if (typeof item === 'string' && item.trim() !== '') into.push(item.trim());
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
