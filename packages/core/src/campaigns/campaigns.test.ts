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
import { ZCampaignTarget, ZCreateCampaignInput } from './target.ts';

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
    expect(messages.some((message) => message.startsWith('pagesPerQuery'))).toBe(true);
    expect(ZCampaignTarget.safeParse({ queries: ['   '] }).success).toBe(false);
    expect(ZCampaignTarget.safeParse({ queries: ['x'.repeat(201)] }).success).toBe(false);
    expect(ZCampaignTarget.safeParse({ queries: Array.from({ length: 21 }, (_, index) => `q${index}`) }).success).toBe(false);
  });

  it('checks the time zone and weights of a new campaign', () => {
    const base = { name: 'Austin plumbers', timeZone: 'America/Chicago', target: { queries: ['plumber'] } };
    expect(ZCreateCampaignInput.parse(base)).toMatchObject({ description: '', scoreWeights: {} });
    expect(ZCreateCampaignInput.safeParse({ ...base, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(ZCreateCampaignInput.safeParse({ ...base, scoreWeights: { phone: -1 } }).success).toBe(false);
    expect(ZCreateCampaignInput.parse({ ...base, scoreWeights: { phone: 40 } }).scoreWeights).toEqual({ phone: 40 });
  });
});
