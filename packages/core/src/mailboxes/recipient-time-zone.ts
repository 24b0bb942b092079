import { countryCode } from '../leads/country.ts';
import { foldText } from '../leads/text.ts';
import { COUNTRY_TIME_ZONES } from './country-time-zones.ts';
import { COUNTRY_DEFAULT_ZONES, REGION_TIME_ZONES } from './region-time-zones.ts';

let byRegion: Map<string, string> | undefined;

// "US|tx" and "US|texas" both lead to Chicago; built once, on first use.
function regionIndex(): Map<string, string> {
  if (byRegion) return byRegion;
  byRegion = new Map();
  for (const [country, regions] of Object.entries(REGION_TIME_ZONES)) {
    for (const [code, [name, zone]] of Object.entries(regions)) {
      byRegion.set(`${country}|${foldText(code)}`, zone);
      byRegion.set(`${country}|${foldText(name)}`, zone);
    }
  }
  return byRegion;
}

export interface RecipientLocation {
  country?: string | null | undefined;
  region?: string | null | undefined;
}

/**
 * The zone a recipient reads email in, from the lead's country and region as stored ("US", "Texas"),
 * else the campaign's zone: a send window of 9–17 means 9–17 where the email is read.
 */
export function recipientTimeZone(location: RecipientLocation, campaignTimeZone: string): string {
  const country = countryCode(location.country);
  if (!country) return campaignTimeZone;
  const single = COUNTRY_TIME_ZONES[country];
  if (single) return single;
  if (location.region) {
    const zone = regionIndex().get(`${country}|${foldText(location.region)}`);
    if (zone) return zone;
  }
  return COUNTRY_DEFAULT_ZONES[country] ?? campaignTimeZone;
}
