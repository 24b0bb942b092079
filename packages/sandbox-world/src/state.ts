import { quotaDay } from '@switchboard/core/discovery';
import type { SandboxBusiness, SitePlan } from './generate.ts';
import type { GoogleService, InjectedFailure } from './google-errors.ts';

/** A site of the world with the addresses it is reached at on this run's port. */
export interface SandboxSite extends SitePlan {
  /** Where a scraper is sent: http://<slug>.sandbox.localhost:<port>/ (https:// for the broken-TLS one; the unreachable one drops its connections). */
  url: string;
  /** The website Places lists (may carry "www." and tracking parameters), or null when not listed. */
  listingUrl: string | null;
  /** The page web search links to, or null when search does not find the site. */
  searchUrl: string | null;
}

/** What the fake APIs read and count: the world's data, daily quotas and failures queued by tests. */
export class WorldState {
  private readonly used = new Map<string, number>();
  private readonly injected: Record<GoogleService, InjectedFailure[]> = { search: [], places: [] };
  readonly businesses: SandboxBusiness[];
  readonly sitesBySlug: Map<string, SandboxSite>;
  readonly apiKeys: ReadonlySet<string>;
  readonly engineId: string;
  readonly dailyLimits: Record<GoogleService, number>;
  private readonly clock: () => Date;

  constructor(world: {
    businesses: SandboxBusiness[];
    sites: SandboxSite[];
    apiKeys: ReadonlySet<string>;
    engineId: string;
    dailyLimits: Record<GoogleService, number>;
    clock: () => Date;
  }) {
    this.businesses = world.businesses;
    this.sitesBySlug = new Map(world.sites.map((site) => [site.slug, site]));
    this.apiKeys = world.apiKeys;
    this.engineId = world.engineId;
    this.dailyLimits = world.dailyLimits;
    this.clock = world.clock;
  }

  /** Counts one request against today's quota (Pacific day, as Google counts); false when it is used up. */
  takeQuota(service: GoogleService): boolean {
    const key = `${service}|${quotaDay(this.clock())}`;
    const used = this.used.get(key) ?? 0;
    if (used >= this.dailyLimits[service]) return false;
    this.used.set(key, used + 1);
    return true;
  }

  usage(service: GoogleService): { day: string; used: number; limit: number } {
    const day = quotaDay(this.clock());
    return { day, used: this.used.get(`${service}|${day}`) ?? 0, limit: this.dailyLimits[service] };
  }

  inject(service: GoogleService, failure: InjectedFailure, times: number): void {
    for (let count = 0; count < times; count += 1) this.injected[service].push(failure);
  }

  nextInjected(service: GoogleService): InjectedFailure | undefined {
    return this.injected[service].shift();
  }
}
