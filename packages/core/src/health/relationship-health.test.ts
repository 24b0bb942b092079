import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessRelationshipHealth, RELATIONSHIP_HEALTH_LABELS, RELATIONSHIP_HEALTH_STATUSES, relationshipAgo, type RelationshipSignals } from './relationship-health.ts';

const NOW = new Date('2026-12-02T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

const NONE: RelationshipSignals = {
  emailsSent: 0, lastEmailSentAt: null, emailsOpened: 0, emailsClicked: 0, bounces: 0, complaints: 0,
  replies: 0, lastReplyAt: null, autoReplies: 0, unsubscribeRequested: false,
  callsPlaced: 0, callsAnswered: 0, lastCallAt: null, lastAnsweredCallAt: null, touchesSinceLastResponse: 0,
};
const signals = (given: Partial<RelationshipSignals>): RelationshipSignals => ({ ...NONE, ...given });

describe('relationship health', () => {
  it('labels every status', () => {
    expect(RELATIONSHIP_HEALTH_STATUSES.map((status) => RELATIONSHIP_HEALTH_LABELS[status])).toEqual(['Healthy', 'At risk', 'Critical', 'Ghosting']);
  });

  it('is healthy after a recent reply, and says when', () => {
    const health = assessRelationshipHealth(signals({ emailsSent: 2, lastEmailSentAt: daysAgo(5), replies: 1, lastReplyAt: daysAgo(3), touchesSinceLastResponse: 0 }), NOW);
    expect(health).toEqual({ score: 92, status: 'healthy', reasons: ['Replied 3 days ago'], lastTouchAt: daysAgo(5), lastResponseAt: daysAgo(3) });
  });

  it('counts an answered call as a response', () => {
    const health = assessRelationshipHealth(signals({ callsPlaced: 1, callsAnswered: 1, lastCallAt: daysAgo(1), lastAnsweredCallAt: daysAgo(1) }), NOW);
    expect(health.status).toBe('healthy');
    expect(health.reasons).toEqual(['Answered a call yesterday']);
    expect(health.lastResponseAt).toEqual(daysAgo(1));
  });

  it('fades as the last response ages: at risk two months on', () => {
    const health = assessRelationshipHealth(signals({ emailsSent: 1, lastEmailSentAt: daysAgo(70), replies: 1, lastReplyAt: daysAgo(60) }), NOW);
    expect(health).toMatchObject({ score: 58, status: 'at_risk', reasons: ['Replied 2 months ago'] });
  });

  it('loses points for each follow-up past the first left unanswered, and names them', () => {
    const one = assessRelationshipHealth(signals({ emailsSent: 1, lastEmailSentAt: daysAgo(2), touchesSinceLastResponse: 1 }), NOW);
    expect(one).toMatchObject({ score: 45, status: 'at_risk', reasons: ['1 email unanswered with no reply yet'] });
    const mixed = assessRelationshipHealth(
      signals({ emailsSent: 3, lastEmailSentAt: daysAgo(2), callsPlaced: 2, lastCallAt: daysAgo(1), replies: 1, lastReplyAt: daysAgo(10), touchesSinceLastResponse: 4 }),
      NOW,
    );
    expect(mixed.reasons).toEqual(['4 emails and calls unanswered since the last reply', 'Replied 10 days ago']);
    expect(mixed.status).toBe('at_risk');
  });

  it('is ghosting after 3 unanswered touches once the last reply is over two weeks old', () => {
    const base = { emailsSent: 4, lastEmailSentAt: daysAgo(1), replies: 1, lastReplyAt: daysAgo(20), touchesSinceLastResponse: 3, emailsOpened: 5 };
    const ghost = assessRelationshipHealth(signals(base), NOW);
    expect(ghost.status).toBe('ghost');
    expect(ghost.score).toBeLessThan(30);
    expect(ghost.reasons).toEqual(['3 emails unanswered since the last reply', 'Replied 2 weeks ago', 'Opened 5 emails']);
    // A reply 10 days ago is not yet ghosting, nor are 2 touches.
    expect(assessRelationshipHealth(signals({ ...base, lastReplyAt: daysAgo(10) }), NOW).status).not.toBe('ghost');
    expect(assessRelationshipHealth(signals({ ...base, touchesSinceLastResponse: 2 }), NOW).status).not.toBe('ghost');
    // Never answered: counted from the last touch.
    const silent = { emailsSent: 2, callsPlaced: 1, lastEmailSentAt: daysAgo(30), lastCallAt: daysAgo(20), touchesSinceLastResponse: 3 };
    expect(assessRelationshipHealth(signals(silent), NOW)).toMatchObject({ status: 'ghost', reasons: ['3 emails and calls unanswered with no reply yet'] });
    expect(assessRelationshipHealth(signals({ ...silent, lastCallAt: daysAgo(3) }), NOW).status).toBe('critical');
  });

  it('is critical, whatever else happened, after a bounce, a spam complaint or a request to stop', () => {
    const warm = { emailsSent: 2, lastEmailSentAt: daysAgo(1), replies: 2, lastReplyAt: daysAgo(1), emailsClicked: 2 };
    const bounced = assessRelationshipHealth(signals({ ...warm, bounces: 1 }), NOW);
    expect(bounced).toMatchObject({ score: 20, status: 'critical' });
    expect(bounced.reasons[0]).toBe('An email bounced');
    const stopped = assessRelationshipHealth(signals({ ...warm, unsubscribeRequested: true, complaints: 2, touchesSinceLastResponse: 9, emailsOpened: 2 }), NOW);
    expect(stopped).toMatchObject({ score: 5, status: 'critical' });
    expect(stopped.reasons).toEqual(['2 emails were marked as spam', 'Asked not to be contacted again', '9 emails unanswered since the last reply', 'Replied yesterday']);
    expect(assessRelationshipHealth(signals({ unsubscribeRequested: true, autoReplies: 1 }), NOW)).toMatchObject({ score: 10, status: 'critical', reasons: ['Asked not to be contacted again', 'Only an auto-reply so far'] });
  });

  it('mentions opens, clicks and auto-replies, a little', () => {
    const opened = assessRelationshipHealth(signals({ emailsSent: 1, lastEmailSentAt: daysAgo(1), touchesSinceLastResponse: 1, emailsOpened: 1 }), NOW);
    expect(opened).toMatchObject({ score: 47, reasons: ['1 email unanswered with no reply yet', 'Opened 1 email'] });
    const auto = assessRelationshipHealth(signals({ emailsSent: 1, lastEmailSentAt: daysAgo(1), touchesSinceLastResponse: 1, autoReplies: 1, emailsClicked: 1 }), NOW);
    expect(auto.reasons).toEqual(['1 email unanswered with no reply yet', 'Only an auto-reply so far', 'Clicked a link in 1 email']);
    expect(assessRelationshipHealth(signals({ autoReplies: 2 }), NOW).reasons).toEqual(['Only auto-replies so far (2)']);
  });

  it('says how long ago in words', () => {
    expect([0, 1, 5, 20, 100, 400].map((days) => relationshipAgo(daysAgo(days), NOW))).toEqual(['today', 'yesterday', '5 days ago', '2 weeks ago', '3 months ago', 'over a year ago']);
    // A clock a little ahead of ours is "today", never a negative age.
    expect(relationshipAgo(new Date(NOW.getTime() + 60_000), NOW)).toBe('today');
  });
});

const count = fc.nat({ max: 12 });
const at = fc.option(fc.integer({ min: 0, max: 400 * 24 }).map((hours) => new Date(NOW.getTime() - hours * 3_600_000)), { nil: null });
const anySignals: fc.Arbitrary<RelationshipSignals> = fc.record({
  emailsSent: count, lastEmailSentAt: at, emailsOpened: count, emailsClicked: count, bounces: fc.nat({ max: 2 }), complaints: fc.nat({ max: 1 }),
  replies: count, lastReplyAt: at, autoReplies: count, unsubscribeRequested: fc.boolean(),
  callsPlaced: count, callsAnswered: count, lastCallAt: at, lastAnsweredCallAt: at, touchesSinceLastResponse: count,
});

describe('relationship health, for any signals', () => {
  it('scores an integer from 0 to 100, with at most 4 reasons and a status that matches the score', () => {
    fc.assert(
      fc.property(anySignals, (given) => {
        const health = assessRelationshipHealth(given, NOW);
        expect(Number.isInteger(health.score)).toBe(true);
        expect(health.score).toBeGreaterThanOrEqual(0);
        expect(health.score).toBeLessThanOrEqual(100);
        expect(health.reasons.length).toBeLessThanOrEqual(4);
        if (health.status === 'healthy') expect(health.score).toBeGreaterThanOrEqual(60);
        if (health.status === 'at_risk') expect(health.score).toBeGreaterThanOrEqual(30);
        if (health.status !== 'healthy' && health.status !== 'at_risk') expect(health.score).toBeLessThan(30);
        if (given.bounces + given.complaints > 0 || given.unsubscribeRequested) {
          expect(health.status).toBe('critical');
          expect(health.score).toBeLessThanOrEqual(20);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('never rises with one more unanswered email or call', () => {
    fc.assert(
      fc.property(anySignals, fc.boolean(), fc.integer({ min: 0, max: 400 * 24 }), (given, byCall, hoursAgo) => {
        const before = assessRelationshipHealth(given, NOW);
        // The touch comes after the last one (and after the last response, since it is unanswered).
        const floor = Math.max(before.lastTouchAt?.getTime() ?? 0, before.lastResponseAt?.getTime() ?? 0);
        const touchAt = new Date(Math.max(floor, NOW.getTime() - hoursAgo * 3_600_000));
        const after: RelationshipSignals = byCall
          ? { ...given, callsPlaced: given.callsPlaced + 1, lastCallAt: touchAt, touchesSinceLastResponse: given.touchesSinceLastResponse + 1 }
          : { ...given, emailsSent: given.emailsSent + 1, lastEmailSentAt: touchAt, touchesSinceLastResponse: given.touchesSinceLastResponse + 1 };
        expect(assessRelationshipHealth(after, NOW).score).toBeLessThanOrEqual(before.score);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never falls with a fresh reply or answered call', () => {
    fc.assert(
      fc.property(anySignals, fc.boolean(), (given, byCall) => {
        const before = assessRelationshipHealth(given, NOW);
        const after: RelationshipSignals = byCall
          ? { ...given, callsPlaced: given.callsPlaced + 1, callsAnswered: given.callsAnswered + 1, lastCallAt: NOW, lastAnsweredCallAt: NOW, touchesSinceLastResponse: 0 }
          : { ...given, replies: given.replies + 1, lastReplyAt: NOW, touchesSinceLastResponse: 0 };
        expect(assessRelationshipHealth(after, NOW).score).toBeGreaterThanOrEqual(before.score);
      }),
      { numRuns: 2_000 },
    );
  });
});
