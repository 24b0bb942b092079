import { describe, expect, it } from 'vitest';
import { combinedSendWindow, sendWindowFromStored } from './stored-window.ts';

describe('stored send windows', () => {
  it('reads stored days and minutes as weekday names and whole hours inside what was set', () => {
    expect(sendWindowFromStored({ sendDays: [1, 3, 5], sendStartMinute: 510, sendEndMinute: 1020 })).toEqual({ days: ['mon', 'wed', 'fri'], startHour: 9, endHour: 17 });
    expect(sendWindowFromStored({ sendDays: [0, 6], sendStartMinute: 0, sendEndMinute: 1440 })).toEqual({ days: ['sun', 'sat'], startHour: 0, endHour: 24 });
    expect(sendWindowFromStored({ sendDays: [0, 6], sendStartMinute: 9 * 60 + 30, sendEndMinute: 16 * 60 + 45 })).toEqual({ days: ['sun', 'sat'], startHour: 10, endHour: 16 });
    expect(sendWindowFromStored({ sendDays: [1], sendStartMinute: 9 * 60 + 10, sendEndMinute: 9 * 60 + 50 })).toBeNull();
  });

  it('combines several mailboxes into one window spanning all of them', () => {
    expect(
      combinedSendWindow([
        { days: ['mon', 'tue'], startHour: 9, endHour: 17 },
        { days: ['fri'], startHour: 8, endHour: 12 },
      ]),
    ).toEqual({ days: ['mon', 'tue', 'fri'], startHour: 8, endHour: 17 });
    expect(combinedSendWindow([])).toBeNull();
  });
});
