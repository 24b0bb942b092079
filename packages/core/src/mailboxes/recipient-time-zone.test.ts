import { describe, expect, it } from 'vitest';
import { isTimeZone } from '../system/time-zone.ts';
import { COUNTRY_TIME_ZONES } from './country-time-zones.ts';
import { recipientTimeZone } from './recipient-time-zone.ts';
import { COUNTRY_DEFAULT_ZONES, REGION_TIME_ZONES } from './region-time-zones.ts';

describe('recipient time zone', () => {
  it('knows single-zone countries by code or name', () => {
    expect(recipientTimeZone({ country: 'DE' }, 'UTC')).toBe('Europe/Berlin');
    expect(recipientTimeZone({ country: 'Deutschland' }, 'UTC')).toBe('Europe/Berlin');
    expect(recipientTimeZone({ country: 'India', region: 'Goa' }, 'UTC')).toBe('Asia/Kolkata');
  });

  it('reads the region of a country spanning zones, by code or name', () => {
    expect(recipientTimeZone({ country: 'US', region: 'TX' }, 'UTC')).toBe('America/Chicago');
    expect(recipientTimeZone({ country: 'United States', region: 'california' }, 'UTC')).toBe('America/Los_Angeles');
    expect(recipientTimeZone({ country: 'CA', region: 'Québec' }, 'UTC')).toBe('America/Toronto');
    expect(recipientTimeZone({ country: 'AU', region: 'WA' }, 'UTC')).toBe('Australia/Perth');
    expect(recipientTimeZone({ country: 'BR', region: 'São Paulo' }, 'UTC')).toBe('America/Sao_Paulo');
    expect(recipientTimeZone({ country: 'MX', region: 'Oaxaca' }, 'UTC')).toBe('America/Mexico_City');
  });

  it("falls back to the campaign's zone", () => {
    expect(recipientTimeZone({ country: 'US' }, 'America/Denver')).toBe('America/Denver');
    expect(recipientTimeZone({ country: 'US', region: 'Atlantis' }, 'America/Denver')).toBe('America/Denver');
    expect(recipientTimeZone({}, 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(recipientTimeZone({ country: 'Narnia' }, 'Asia/Tokyo')).toBe('Asia/Tokyo');
  });

  it('maps only to zones this runtime knows', () => {
    const zones = [...Object.values(COUNTRY_TIME_ZONES), ...Object.values(COUNTRY_DEFAULT_ZONES), ...Object.values(REGION_TIME_ZONES).flatMap((regions) => Object.values(regions).map(([, zone]) => zone))];
    expect(zones.filter((zone) => !isTimeZone(zone))).toEqual([]);
  });
});
