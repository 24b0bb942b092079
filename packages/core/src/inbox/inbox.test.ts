import { describe, expect, it } from 'vitest';
import { imapFailureReason } from './imap-failure.ts';
import { ZMailboxImapInput } from './imap-settings.ts';
import { ARRIVAL_CLOCK_SKEW_MS, arrivedSince, INBOUND_LEDGER_RETENTION_MS, inboundLedgerKeepFrom, planInboxRead, uidsToProcess, UIDVALIDITY_RESET_OVERLAP_MS } from './read-plan.ts';

const SET_AT = new Date('2026-11-01T00:00:00Z');
const LAST_OK = new Date('2026-11-20T12:00:00Z');

describe('planInboxRead', () => {
  it('reads by date from when IMAP was set the first time', () => {
    expect(planInboxRead({ uidValidity: null, lastUid: 0, imapSetAt: SET_AT, lastSuccessAt: null }, { uidValidity: 7, uidNext: 500 })).toEqual({ kind: 'since', since: SET_AT, reason: 'first_read' });
  });

  it('reads only UIDs above the cursor while UIDVALIDITY holds, and nothing when no UID is new', () => {
    const cursor = { uidValidity: 7, lastUid: 41, imapSetAt: SET_AT, lastSuccessAt: LAST_OK };
    expect(planInboxRead(cursor, { uidValidity: 7, uidNext: 45 })).toEqual({ kind: 'after_uid', afterUid: 41 });
    expect(planInboxRead(cursor, { uidValidity: 7, uidNext: 42 })).toEqual({ kind: 'nothing_new' });
  });

  it('goes back to reading by date, a day before the last good poll, when UIDVALIDITY changes', () => {
    const plan = planInboxRead({ uidValidity: 7, lastUid: 41, imapSetAt: SET_AT, lastSuccessAt: LAST_OK }, { uidValidity: 8, uidNext: 3 });
    expect(plan).toEqual({ kind: 'since', since: new Date(LAST_OK.getTime() - UIDVALIDITY_RESET_OVERLAP_MS), reason: 'uidvalidity_changed' });
  });

  it('never reads mail from before IMAP was set, even after a UIDVALIDITY change', () => {
    const justSet = new Date(LAST_OK.getTime() - 60_000);
    const plan = planInboxRead({ uidValidity: 7, lastUid: 1, imapSetAt: justSet, lastSuccessAt: LAST_OK }, { uidValidity: 9, uidNext: 3 });
    expect(plan).toMatchObject({ kind: 'since', since: justSet });
  });
});

describe('inboundLedgerKeepFrom', () => {
  const DAY_MS = 24 * 60 * 60 * 1000;

  it('keeps 30 days of a healthy mailbox’s ledger', () => {
    const now = new Date(LAST_OK.getTime() + 60_000);
    expect(inboundLedgerKeepFrom({ imapSetAt: SET_AT, lastSuccessAt: LAST_OK }, now)).toEqual(new Date(now.getTime() - INBOUND_LEDGER_RETENTION_MS));
  });

  it('keeps every row a read after a UIDVALIDITY change could find again, however old', () => {
    // No successful poll since IMAP was set half a year ago: such a read starts where IMAP was set.
    const now = new Date(SET_AT.getTime() + 180 * DAY_MS);
    expect(inboundLedgerKeepFrom({ imapSetAt: SET_AT, lastSuccessAt: null }, now)).toEqual(new Date(SET_AT.getTime() - ARRIVAL_CLOCK_SKEW_MS));
    // Property: for cursors across a year, nothing the reset read would find (since − skew) is ever dropped.
    for (let setDay = 0; setDay < 365; setDay += 17) {
      for (const okDaysLater of [null, 0, 1, 5, 29, 31, 90, 200]) {
        const imapSetAt = new Date(SET_AT.getTime() + setDay * DAY_MS);
        const lastSuccessAt = okDaysLater === null ? null : new Date(imapSetAt.getTime() + okDaysLater * DAY_MS);
        const later = new Date((lastSuccessAt ?? imapSetAt).getTime() + 400 * DAY_MS);
        const plan = planInboxRead({ uidValidity: 1, lastUid: 10, imapSetAt, lastSuccessAt }, { uidValidity: 2, uidNext: 5 });
        if (plan.kind !== 'since') throw new Error('expected a read by date');
        expect(inboundLedgerKeepFrom({ imapSetAt, lastSuccessAt }, later).getTime()).toBeLessThanOrEqual(plan.since.getTime() - ARRIVAL_CLOCK_SKEW_MS);
      }
    }
  });
});

describe('uidsToProcess', () => {
  it('drops UIDs at or below the cursor (n:* answers the last message), sorts, dedups and caps', () => {
    expect(uidsToProcess([41], { kind: 'after_uid', afterUid: 41 }, 10)).toEqual({ uids: [], complete: true });
    expect(uidsToProcess([44, 42, 43, 42, 40], { kind: 'after_uid', afterUid: 41 }, 2)).toEqual({ uids: [42, 43], complete: false });
    expect(uidsToProcess([3, 1], { kind: 'since', since: SET_AT, reason: 'first_read' }, 10)).toEqual({ uids: [1, 3], complete: true });
    expect(uidsToProcess([1, 2], { kind: 'nothing_new' }, 10)).toEqual({ uids: [], complete: true });
  });
});

describe('arrivedSince', () => {
  it('keeps only mail that arrived at or after the date a date search started from', () => {
    const plan = { kind: 'since', since: SET_AT, reason: 'first_read' } as const;
    expect(arrivedSince(new Date(SET_AT.getTime() - 60 * 60_000), plan)).toBe(false);
    expect(arrivedSince(SET_AT, plan)).toBe(true);
    // INTERNALDATE has whole seconds: a message stamped just before `since` is kept.
    expect(arrivedSince(new Date(SET_AT.getTime() - 999), plan)).toBe(true);
    expect(arrivedSince(new Date(0), { kind: 'after_uid', afterUid: 3 })).toBe(true);
  });
});

describe('imapFailureReason', () => {
  it('says what to fix without the password or username', () => {
    const reason = imapFailureReason({ authenticationFailed: true, responseText: 'LOGIN ann hunter2-secret failed' }, ['hunter2-secret', 'ann@acme.test']);
    expect(reason).toContain('refused the username or password');
    expect(reason).not.toContain('hunter2-secret');
    expect(imapFailureReason({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:993' }, [])).toBe('The IMAP server refused the connection (wrong host or port?).');
  });

  it('keeps an unknown error short', () => {
    expect(imapFailureReason({ message: 'x'.repeat(1000) }, []).length).toBeLessThanOrEqual(200);
  });
});

describe('ZMailboxImapInput', () => {
  it('takes a host name without scheme or port, and an empty password as "keep the stored one"', () => {
    const parsed = ZMailboxImapInput.parse({ host: ' IMAP.Acme.test ', port: 993, tls: true, username: 'ann@acme.test', password: '' });
    expect(parsed).toEqual({ host: 'imap.acme.test', port: 993, tls: true, username: 'ann@acme.test', password: undefined });
    expect(ZMailboxImapInput.safeParse({ host: 'imaps://imap.acme.test:993', port: 993, tls: true, username: 'ann' }).success).toBe(false);
    expect(ZMailboxImapInput.safeParse({ host: 'imap.acme.test', port: 70000, tls: true, username: 'ann' }).success).toBe(false);
  });
});
