import { SANDBOX_HOST_SUFFIX } from '@switchboard/core/discovery';
import { ADJECTIVES, CATEGORIES, CITIES, FIRST_NAMES, GERMAN_SURNAMES, SURNAMES, type CityInfo, type SandboxCategory } from './catalog.ts';
import { SeededRandom } from './random.ts';

/** How scraping a site ends when the scraper respects robots.txt and its page timeout is below `slowPageMs`. */
export type SiteOutcome = 'ok' | 'not_found' | 'server_error' | 'timeout' | 'robots_disallowed' | 'tls' | 'unreachable';

/** How a site shows its main address. */
export type EmailStyle = 'mailto' | 'footer_text' | 'bracket_at' | 'paren_at' | 'words_at' | 'entities' | 'cloudflare' | 'script' | 'json_ld' | 'gmail' | 'form_only';

export type SiteQuirk =
  /** "/" answers 301 to "/home/". */
  | 'redirect_home'
  /** The about page is slower than any sensible page timeout (it holds nothing the other pages lack). */
  | 'slow_subpage'
  /** robots.txt disallows the team page (and so its addresses). */
  | 'team_disallowed'
  /** robots.txt asks for a Crawl-delay of half a second. */
  | 'crawl_delay'
  /** robots.txt is missing (404), which allows everything. */
  | 'no_robots_txt'
  /** The listing links to "www." with tracking parameters. */
  | 'listing_utm';

export type PhoneFormat = 'parens' | 'dots' | 'dashes' | 'international' | 'german';

export interface SandboxPerson {
  name: string;
  role: string;
  email: string;
}

export interface SandboxBusiness {
  id: string;
  /** As the business writes it on its own site. */
  name: string;
  /** As Places lists it (sometimes with "LLC" or "GmbH"). */
  listingName: string;
  category: SandboxCategory;
  categoryLabel: string;
  street: string;
  city: string;
  region: string;
  country: 'US' | 'DE';
  postalCode: string;
  address: string;
  lat: number;
  lng: number;
  /** E.164. */
  phone: string;
  rating: number | null;
  reviewCount: number | null;
  /** Null when Places does not list it. */
  placeId: string | null;
  /** Whether web search finds it (its site, or its Facebook page when it has no site). */
  inSearch: boolean;
  /** Slug of its website, or null when it has none. */
  siteSlug: string | null;
}

export interface SiteExpectation {
  /** Addresses a scraper following robots.txt finds on the home, contact, about, team and impressum pages. */
  emails: string[];
  /** E.164. */
  phones: string[];
  socialLinks: string[];
  hasContactForm: boolean;
}

export interface SitePlan {
  slug: string;
  host: string;
  businessId: string;
  outcome: SiteOutcome;
  quirks: SiteQuirk[];
  lang: 'en-US' | 'en' | 'de-DE';
  layout: 'wordpress' | 'squarespace' | 'handmade';
  paths: { contact: string; about: string; team: string | null; impressum: string | null };
  emailStyle: EmailStyle;
  /** The main address, null for a site with a contact form only. */
  email: string | null;
  people: SandboxPerson[];
  phoneFormat: PhoneFormat;
  telLink: boolean;
  /** E.164 of a fax line shown on the contact page. */
  fax: string | null;
  socialLinks: string[];
  contactForm: boolean;
  newsletter: boolean;
  /** schema.org LocalBusiness with telephone and address on the home page. */
  jsonLd: boolean;
  metaDescription: boolean;
  tagline: string;
  story: string;
  services: string[];
  /** Where search results link to (home, or a deeper page). */
  searchPath: string;
  expected: SiteExpectation;
}

export interface WorldPlan {
  businesses: SandboxBusiness[];
  sites: SitePlan[];
}

// Defined in core, where isPublicWebUrl lets these hosts through for the scraper.
export { SANDBOX_HOST_SUFFIX };

// Failures every world has, whatever the seed, so tests can count on them.
const FAILING_OUTCOMES: SiteOutcome[] = ['not_found', 'not_found', 'server_error', 'server_error', 'timeout', 'timeout', 'robots_disallowed', 'robots_disallowed', 'tls', 'unreachable'];
const EMAIL_STYLES: EmailStyle[] = ['mailto', 'footer_text', 'bracket_at', 'paren_at', 'words_at', 'entities', 'cloudflare', 'script', 'json_ld', 'gmail', 'form_only', 'mailto'];
const BUSINESSES_PER_CITY_AND_TRADE = 4;
const GERMAN_TRADES: SandboxCategory[] = ['bakery', 'bakery', 'dentist', 'dentist'];

/** The whole world as data: businesses, their sites and what a correct scraper should find. */
export function planWorld(seed: number): WorldPlan {
  const random = new SeededRandom(seed);
  const usedSlugs = new Set<string>();
  const usedPhones = new Set<string>();
  const businesses: SandboxBusiness[] = [];
  for (const city of CITIES) {
    const trades = city.country === 'DE' ? GERMAN_TRADES : Object.keys(CATEGORIES).flatMap((trade) => Array<SandboxCategory>(BUSINESSES_PER_CITY_AND_TRADE).fill(trade as SandboxCategory));
    for (const trade of trades) businesses.push(planBusiness(random, city, trade, usedSlugs, usedPhones));
  }

  // Four businesses have no website: one per US city plus one in Berlin, all of them listed.
  const withoutSite = new Set<string>();
  for (const city of CITIES) {
    const inCity = businesses.filter((business) => business.city === city.name);
    withoutSite.add(random.pick(inCity).id);
  }
  for (const business of businesses) business.siteSlug = withoutSite.has(business.id) ? null : business.id;

  const siteBusinesses = businesses.filter((business) => business.siteSlug !== null);
  // Berlin sites stay healthy so the impressum and German numbers are always there to find.
  const failureCandidates = random.shuffle(siteBusinesses.filter((business) => business.country === 'US'));
  const outcomes = new Map<string, SiteOutcome>(FAILING_OUTCOMES.map((outcome, index) => [failureCandidates[index]!.id, outcome]));
  const healthy = random.shuffle(siteBusinesses.filter((business) => !outcomes.has(business.id)));
  const styles = new Map(healthy.map((business, index) => [business.id, EMAIL_STYLES[index % EMAIL_STYLES.length]!]));
  const withTeam = new Set(healthy.filter((_, index) => index % 3 === 0).map((business) => business.id));
  const quirks = new Map<string, SiteQuirk[]>();
  const addQuirk = (id: string | undefined, quirk: SiteQuirk) => id && quirks.set(id, [...(quirks.get(id) ?? []), quirk]);
  const teamSites = healthy.filter((business) => withTeam.has(business.id) && business.country === 'US');
  addQuirk(teamSites[0]?.id, 'team_disallowed');
  addQuirk(teamSites[1]?.id, 'team_disallowed');
  const plain = healthy.filter((business) => !withTeam.has(business.id) && business.country === 'US');
  addQuirk(plain[0]?.id, 'redirect_home');
  addQuirk(plain[1]?.id, 'slow_subpage');
  addQuirk(plain[2]?.id, 'crawl_delay');
  addQuirk(plain[3]?.id, 'no_robots_txt');
  addQuirk(plain[4]?.id, 'no_robots_txt');

  const sites = siteBusinesses.map((business) =>
    planSite(random, business, usedPhones, {
      outcome: outcomes.get(business.id) ?? 'ok',
      emailStyle: styles.get(business.id) ?? random.pick(EMAIL_STYLES),
      team: withTeam.has(business.id),
      quirks: quirks.get(business.id) ?? [],
    }),
  );
  assignSources(random, businesses, sites);
  return { businesses, sites };
}

function planBusiness(random: SeededRandom, city: CityInfo, category: SandboxCategory, usedSlugs: Set<string>, usedPhones: Set<string>): SandboxBusiness {
  const info = CATEGORIES[category];
  let name = '';
  let slug = '';
  for (let attempt = 0; attempt < 50 && (slug === '' || usedSlugs.has(slug)); attempt += 1) {
    const pattern = random.pick(city.country === 'DE' ? info.germanNamePatterns : info.namePatterns);
    name = pattern
      .replace('{Adj}', random.pick(ADJECTIVES))
      .replace('{Surname}', random.pick(city.country === 'DE' ? GERMAN_SURNAMES : SURNAMES))
      .replace('{City}', city.name);
    slug = slugify(name);
    if (usedSlugs.has(slug)) slug = `${slug}-${slugify(city.name)}`;
  }
  usedSlugs.add(slug);
  const postalCode = random.pick(city.postalCodes);
  const street = city.country === 'DE' ? `${random.pick(city.streets)} ${random.int(1, 120)}` : `${random.int(100, 4999)} ${random.pick(city.streets)}`;
  const address = city.country === 'DE' ? `${street}, ${postalCode} ${city.name}, ${city.countryName}` : `${street}, ${city.name}, ${city.region} ${postalCode}, ${city.countryName}`;
  const legalSuffix = city.country === 'DE' ? (random.chance(0.5) ? ' GmbH' : '') : random.pick(['', '', ' LLC', ', Inc.']);
  const rated = random.chance(0.85);
  return {
    id: slug,
    name,
    listingName: `${name}${legalSuffix}`,
    category,
    categoryLabel: info.label,
    street,
    city: city.name,
    region: city.region,
    country: city.country,
    postalCode,
    address,
    lat: round(city.lat + (random.next() - 0.5) * 0.16, 6),
    lng: round(city.lng + (random.next() - 0.5) * 0.16, 6),
    phone: uniquePhone(random, city, usedPhones),
    rating: rated ? round(3.4 + random.next() * 1.6, 1) : null,
    reviewCount: rated ? random.int(4, 860) : null,
    placeId: null,
    inSearch: false,
    siteSlug: null,
  };
}

function uniquePhone(random: SeededRandom, city: CityInfo, used: Set<string>): string {
  for (;;) {
    // North American numbers use the 555-01XX block reserved for fiction; Berlin gets eight digits.
    const phone = city.country === 'US' ? `+1${random.pick(city.areaCodes)}55501${String(random.int(0, 99)).padStart(2, '0')}` : `+4930${random.int(2, 9)}${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
    if (!used.has(phone)) {
      used.add(phone);
      return phone;
    }
  }
}

interface SiteChoices {
  outcome: SiteOutcome;
  emailStyle: EmailStyle;
  team: boolean;
  quirks: SiteQuirk[];
}

function planSite(random: SeededRandom, business: SandboxBusiness, usedPhones: Set<string>, choices: SiteChoices): SitePlan {
  const slug = business.siteSlug!;
  const host = `${slug}.${SANDBOX_HOST_SUFFIX}`;
  const german = business.country === 'DE';
  const info = CATEGORIES[business.category];
  const paths = german
    ? { contact: '/kontakt', about: '/ueber-uns', team: null, impressum: '/impressum' }
    : {
        contact: random.pick(['/contact', '/contact-us/', '/get-in-touch']),
        about: random.pick(['/about', '/about-us/', '/our-story']),
        team: choices.team ? random.pick(['/team', '/our-team/']) : null,
        impressum: null,
      };
  const quirks = [...choices.quirks];
  const emailStyle = german && (choices.emailStyle === 'script' || choices.emailStyle === 'form_only') ? 'paren_at' : choices.emailStyle;
  const mailbox = random.pick(german ? ['info', 'kontakt', 'post'] : ['info', 'hello', 'office', 'contact', 'service', 'team']);
  const email = emailStyle === 'form_only' ? null : emailStyle === 'gmail' ? `${slug.replace(/-/g, '')}@gmail.com` : `${mailbox}@${host}`;
  // Consecutive first names from one random start, so no two people on a team share a mailbox.
  const firstNameStart = random.int(0, FIRST_NAMES.length - 1);
  const people = paths.team
    ? Array.from({ length: random.int(2, 3) }, (_, index) => {
        const first = FIRST_NAMES[(firstNameStart + index) % FIRST_NAMES.length]!;
        const last = random.pick(SURNAMES);
        return { name: `${first} ${last}`, role: info.roles[index % info.roles.length]!, email: `${first.toLowerCase()}@${host}` };
      })
    : [];
  const lang = german ? 'de-DE' : random.pick(['en-US', 'en-US', 'en-US', 'en'] as const);
  const jsonLd = lang === 'en' || emailStyle === 'json_ld' || random.chance(0.4);
  const phoneFormat: PhoneFormat = german ? 'german' : random.pick(['parens', 'dots', 'dashes', 'international']);
  const fax = !german && random.chance(0.2) ? uniquePhone(random, CITIES.find((city) => city.name === business.city)!, usedPhones) : null;
  const socialLinks = [
    ...(random.chance(0.7) ? [`https://facebook.com/${slug}`] : []),
    ...(random.chance(0.5) ? [`https://instagram.com/${slug.replace(/-/g, '')}`] : []),
    ...(random.chance(0.2) ? [`https://linkedin.com/company/${slug}`] : []),
    ...(random.chance(0.15) ? [`https://youtube.com/@${slug.replace(/-/g, '')}`] : []),
    ...(random.chance(0.1) ? [`https://tiktok.com/@${slug.replace(/-/g, '')}`] : []),
    ...(random.chance(0.15) ? [`https://x.com/${slug.replace(/-/g, '').slice(0, 15)}`] : []),
  ];
  const contactForm = emailStyle === 'form_only' || random.chance(0.55);
  const services = random.shuffle(info.services).slice(0, 4);
  const tagline = german ? `${info.label} in ${business.city}` : `${random.pick(['Trusted', 'Friendly', 'Family-owned', 'Award-winning', 'Local'])} ${info.label.toLowerCase()} in ${business.city}, ${business.region}`;
  const story = german
    ? `${business.name} ist seit ${random.int(1950, 2015)} in ${business.city} zu Hause. Wir arbeiten mit Sorgfalt, regionalen Zutaten und Partnern aus der Nachbarschaft.`
    : `${business.name} has served ${business.city} since ${random.int(1975, 2019)}. We are a ${random.pick(['small', 'family', 'locally owned', 'tight-knit'])} team focused on ${services[0]!.toLowerCase()} and ${services[1]!.toLowerCase()}, with honest prices and no surprises.`;
  const plan: SitePlan = {
    slug,
    host,
    businessId: business.id,
    outcome: choices.outcome,
    quirks,
    lang,
    layout: random.pick(['wordpress', 'squarespace', 'handmade']),
    paths,
    emailStyle,
    email,
    people,
    phoneFormat: lang === 'en' && !jsonLd ? 'international' : phoneFormat,
    telLink: random.chance(0.5),
    fax,
    socialLinks,
    contactForm,
    newsletter: random.chance(0.4),
    jsonLd,
    metaDescription: random.chance(0.75),
    tagline,
    story,
    services,
    searchPath: random.chance(0.8) ? '/' : paths.about,
    expected: { emails: [], phones: [], socialLinks: [], hasContactForm: false },
  };
  plan.expected = expectationFor(plan, business);
  return plan;
}

function expectationFor(site: SitePlan, business: SandboxBusiness): SiteExpectation {
  if (site.outcome !== 'ok') return { emails: [], phones: [], socialLinks: [], hasContactForm: false };
  const teamVisible = site.paths.team !== null && !site.quirks.includes('team_disallowed');
  return {
    emails: [...(site.email ? [site.email] : []), ...(teamVisible ? site.people.map((person) => person.email) : [])].sort(),
    phones: [business.phone, ...(site.fax ? [site.fax] : [])].sort(),
    socialLinks: [...site.socialLinks].sort(),
    hasContactForm: site.contactForm,
  };
}

/** Who is listed where: most sites are in search, most businesses in Places, many in both (the duplicates). */
function assignSources(random: SeededRandom, businesses: SandboxBusiness[], sites: SitePlan[]): void {
  const siteById = new Map(sites.map((site) => [site.businessId, site]));
  for (const business of businesses) {
    const site = siteById.get(business.id);
    if (!site) {
      // No website: always listed; sometimes its Facebook page shows up in search.
      business.placeId = placeId(random);
      business.inSearch = random.chance(0.5);
      continue;
    }
    // A TLS error or a dead host only ever reaches us through a listing.
    const searchOnly = site.outcome === 'ok' && random.chance(0.15);
    business.placeId = searchOnly ? null : site.outcome === 'ok' && random.chance(0.1) ? null : placeId(random);
    business.inSearch = site.outcome === 'tls' || site.outcome === 'unreachable' ? false : business.placeId === null || random.chance(0.75);
    if (business.placeId && random.chance(0.4)) site.quirks.push('listing_utm');
  }
}

function placeId(random: SeededRandom): string {
  return `ChIJ${random.token(23)}`;
}

function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/['’.]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '');
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
