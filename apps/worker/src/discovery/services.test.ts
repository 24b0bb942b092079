import { createLogger } from '@switchboard/core/logging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxWorld, type SandboxWorld } from '@switchboard/sandbox-world';
import { createDiscoveryServices, type DiscoveryServices } from './services.ts';

let world: SandboxWorld;
let discovery: DiscoveryServices;

beforeAll(async () => {
  world = await startSandboxWorld({ apiKeys: ['live-workspace-key'] });
  discovery = createDiscoveryServices({
    providerKey: async () => null,
    baseUrls: {},
    chromiumPath: undefined,
    userAgent: 'SwitchboardBot/test',
    log: createLogger({ name: 'services-test', level: 'silent', format: 'json' }),
    sandboxWorld: world,
  });
});

afterAll(async () => {
  await discovery.close();
  await world.close();
});

describe('discovery services', () => {
  it('sends a sandbox site queued before a restart to the running world, whatever port it had', async () => {
    const site = world.sites.find((candidate) => candidate.outcome === 'ok')!;
    expect(await discovery.siteUrl(`http://${site.host}:1/contact/?a=1`)).toBe(`http://${site.host}:${world.port}/contact/?a=1`);
  });

  it('leaves real sites as they are, and keeps the deliberately broken sandbox ones on the world’s port', async () => {
    const unreachable = world.sites.find((candidate) => candidate.outcome === 'unreachable')!;
    const tls = world.sites.find((candidate) => candidate.outcome === 'tls')!;
    expect(await discovery.siteUrl('https://www.example.com/contact')).toBe('https://www.example.com/contact');
    expect(await discovery.siteUrl(unreachable.url)).toBe(unreachable.url);
    expect(await discovery.siteUrl(`https://${tls.host}:1/`)).toBe(tls.url);
  });

  it('lets a workspace scrape the sandbox world’s port only while it has no search key', async () => {
    expect(await discovery.sandboxPort('00000000-0000-4000-8000-000000000000')).toBe(world.port);
    const live = createDiscoveryServices({
      providerKey: (async () => ({ fields: { apiKey: 'k', engineId: 'e' }, source: 'workspace' })) as never,
      baseUrls: {},
      chromiumPath: undefined,
      userAgent: 'SwitchboardBot/test',
      log: createLogger({ name: 'services-test', level: 'silent', format: 'json' }),
      sandboxWorld: world,
    });
    expect(await live.sandboxPort('00000000-0000-4000-8000-000000000000')).toBeNull();
    await live.close();
  });

  it('runs search and listings in the sandbox when the workspace has no key', async () => {
    const search = await discovery.search('00000000-0000-4000-8000-000000000000');
    expect(search.mode).toBe('sandbox');
    const page = await search.client.search({ query: 'plumber Austin', start: 1 });
    expect(page.items.length).toBeGreaterThan(0);
    expect((await discovery.places('00000000-0000-4000-8000-000000000000')).mode).toBe('sandbox');
  });

  it('goes live with a workspace key, against the configured Google base URLs', async () => {
    const live = createDiscoveryServices({
      providerKey: (async () => ({ fields: { apiKey: 'live-workspace-key', engineId: world.engineId }, source: 'workspace' })) as never,
      baseUrls: { search: world.searchBaseUrl, places: world.placesBaseUrl },
      chromiumPath: undefined,
      userAgent: 'SwitchboardBot/test',
      log: createLogger({ name: 'services-test', level: 'silent', format: 'json' }),
    });
    try {
      const search = await live.search('00000000-0000-4000-8000-000000000000');
      expect(search.mode).toBe('live');
      const usedBefore = world.usage('search').used;
      expect((await search.client.search({ query: 'dentist Denver', start: 1 })).items.length).toBeGreaterThan(0);
      expect(world.usage('search').used).toBe(usedBefore + 1);
      const places = await live.places('00000000-0000-4000-8000-000000000000');
      expect(places.mode).toBe('live');
      expect((await places.client.textSearch({ query: 'dentist in Denver' })).places.length).toBeGreaterThan(0);
    } finally {
      await live.close();
    }
  });
});
