import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors/index.ts';
import {
  CAMPAIGN_EVENTS,
  CAMPAIGN_STATUSES,
  campaignStatusesAllowing,
  canTransitionCampaign,
  transitionCampaign,
  type CampaignStatus,
} from './state-machine.ts';
import { campaignChanges, type CampaignSettings } from './changes.ts';
import { ZCampaignTarget, ZCreateCampaignInput, ZUpdateCampaignInput } from './target.ts';

describe('campaign state machine', () => {
  it('activates, pauses, resumes, completes and archives', () => {
    expect(transitionCampaign('draft', 'activate')).toBe('active');
    expect(transitionCampaign('active', 'pause')).toBe('paused');
    expect(transitionCampaign('paused', 'activate')).toBe('active');
    expect(transitionCampaign('paused', 'complete')).toBe('completed');
    expect(transitionCampaign('completed', 'archive')).toBe('archived');
  });

  it('refuses what does not apply, in words', () => {
    expect(() => transitionCampaign('draft', 'pause')).toThrow(Invalid);
    expect(() => transitionCampaign('archived', 'archive')).toThrow('A campaign that is archived cannot be archived.');
    expect(() => transitionCampaign('completed', 'activate')).toThrow('A campaign that is completed cannot be activated.');
  });

  it('agrees with the SQL guard', () => {
    for (const event of CAMPAIGN_EVENTS) {
      expect(campaignStatusesAllowing(event).sort()).toEqual(CAMPAIGN_STATUSES.filter((status) => canTransitionCampaign(status, event)).sort());
    }
  });

  it('always ends in a valid status (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CAMPAIGN_EVENTS), { maxLength: 20 }), (events) => {
        let status: CampaignStatus = 'draft';
        for (const event of events) if (canTransitionCampaign(status, event)) status = transitionCampaign(status, event);
        expect(CAMPAIGN_STATUSES).toContain(status);
      }),
    );
  });
});

describe('ZCampaignTarget', () => {
  it('fills defaults and trims', () => {
    expect(ZCampaignTarget.parse({ queries: ['  plumber '] })).toEqual({
      queries: ['plumber'],
      locations: [],
      categories: [],
      pagesPerQuery: 1,
      sources: ['search', 'places'],
    });
  });

  it('says what is wrong with a target', () => {
    const result = ZCampaignTarget.safeParse({ queries: [], pagesPerQuery: 9, sources: [] });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
    expect(messages).toContain('queries: Add at least one search query');
    expect(messages).toContain('sources: Pick at least one source');
    expect(messages).toContain('pagesPerQuery: Result pages per query is a whole number from 1 to 5');
    expect(ZCampaignTarget.safeParse({ queries: ['plumber'], pagesPerQuery: 1.5 }).error?.issues.map((issue) => issue.message)).toEqual(['Result pages per query is a whole number from 1 to 5']);
    expect(ZCampaignTarget.safeParse({ queries: ['   '] }).success).toBe(false);
    expect(ZCampaignTarget.safeParse({ queries: ['x'.repeat(201)] }).success).toBe(false);
    expect(ZCampaignTarget.safeParse({ queries: Array.from({ length: 21 }, (_, index) => `q${index}`) }).success).toBe(false);
  });

  it('checks the time zone and weights of a new campaign', () => {
    const base = { name: 'Austin plumbers', timeZone: 'America/Chicago', target: { queries: ['plumber'] } };
    expect(ZCreateCampaignInput.parse(base)).toMatchObject({ description: '', scoreWeights: {} });
    expect(ZCreateCampaignInput.safeParse({ ...base, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(ZCreateCampaignInput.safeParse({ ...base, name: 'x'.repeat(201) }).error?.issues.map((issue) => issue.message)).toEqual(['At most 200 characters']);
    expect(ZCreateCampaignInput.safeParse({ ...base, scoreWeights: { phone: -1 } }).success).toBe(false);
    expect(ZCreateCampaignInput.parse({ ...base, scoreWeights: { phone: 40 } }).scoreWeights).toEqual({ phone: 40 });
  });
});

describe('campaignChanges', () => {
  const current: CampaignSettings = {
    name: 'Austin plumbers',
    description: '',
    timeZone: 'America/Chicago',
    target: ZCampaignTarget.parse({ queries: ['plumber'], categories: ['Plumber'] }),
    scoreWeights: { phone: 40 },
    ownerUserId: null,
  };
  const update = (input: unknown) => campaignChanges(current, ZUpdateCampaignInput.parse(input));

  it('finds nothing to change when a form sends every field as it was', () => {
    const sameAgain = update({
      name: 'Austin plumbers',
      description: '',
      timeZone: 'America/Chicago',
      target: { queries: ['plumber'], categories: ['Plumber'], sources: ['places', 'search'] },
      // Every weight spelled out, the defaults included: the same weights as the one override.
      scoreWeights: { own_domain_email: 25, phone: 40, website_reachable: 15, contact_form: 10, rating: 10, reviews: 10, category_match: 10, fresh: 5 },
    });
    expect(sameAgain).toEqual({ changed: [], weights: {}, categories: null, rescore: false });
  });

  it('names the weights that move and asks for a rescore', () => {
    // Leaving out the override puts phone back to its default of 15.
    expect(update({ scoreWeights: { rating: 30 } })).toEqual({
      changed: ['scoreWeights'],
      weights: { phone: { from: 40, to: 15 }, rating: { from: 10, to: 30 } },
      categories: null,
      rescore: true,
    });
  });

  it('rescores when the target categories change, not for other target changes', () => {
    expect(update({ target: { queries: ['plumber'], categories: ['Plumber', 'Heating'] } })).toMatchObject({
      changed: ['target'],
      categories: { from: ['Plumber'], to: ['Plumber', 'Heating'] },
      rescore: true,
    });
    expect(update({ name: 'Renamed', target: { queries: ['plumber', 'drains'], categories: ['Plumber'] } })).toMatchObject({
      changed: ['name', 'target'],
      categories: null,
      rescore: false,
    });
  });
});
