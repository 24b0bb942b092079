import { CATEGORIES, CITIES, type SandboxCategory } from './catalog.ts';
import type { SandboxBusiness } from './generate.ts';
import { hashText } from './random.ts';

export interface QueryIntent {
  categories: SandboxCategory[];
  cities: string[];
  /** The query names a place ("… in Boston") the world does not have. */
  unknownPlace: boolean;
}

/** What a query asks for: trades and cities it names ("plumber in Austin", "Austin, TX dentists"). */
export function readQuery(query: string): QueryIntent {
  const text = ` ${fold(query)} `;
  const categories = (Object.keys(CATEGORIES) as SandboxCategory[]).filter((category) => CATEGORIES[category].synonyms.some((word) => text.includes(` ${fold(word)} `)));
  const cities = CITIES.filter((city) => text.includes(` ${fold(city.name)} `)).map((city) => city.name);
  const unknownPlace = cities.length === 0 && /\s(in|near)\s+\S/.test(text);
  return { categories, cities, unknownPlace };
}

/** The businesses a query finds, in a stable, query-dependent order (as a ranking would be). */
export function matchBusinesses(businesses: readonly SandboxBusiness[], query: string): SandboxBusiness[] {
  const intent = readQuery(query);
  if (intent.unknownPlace || (intent.categories.length === 0 && intent.cities.length === 0)) return [];
  return businesses
    .filter((business) => (intent.categories.length === 0 || intent.categories.includes(business.category)) && (intent.cities.length === 0 || intent.cities.includes(business.city)))
    .sort((a, b) => hashText(`${fold(query)}|${a.id}`) - hashText(`${fold(query)}|${b.id}`));
}

function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
