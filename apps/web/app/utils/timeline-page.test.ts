import { describe, expect, it } from 'vitest';
import { timelinePageLink, timelinePageQuery, timelineStartQuery } from './timeline-page.ts';

const SEND = '01a23bd6-6556-7a77-b4c3-1eaa2ac85081';
const MESSAGE = '01a23bd7-0c80-742d-b550-54a5815a166c';

describe('timeline pages in the URL', () => {
  it('reads the newest page without parameters and an older page from what the link names', () => {
    expect(timelinePageQuery(new URLSearchParams('lead=x&leads=2'))).toEqual({});
    expect(timelinePageQuery(new URLSearchParams(`sendsBefore=${SEND}&messagesBefore=${MESSAGE}`))).toEqual({ sendsBefore: SEND, messagesBefore: MESSAGE });
    // The messages ran out on an earlier page: only the sends go on.
    expect(timelinePageQuery(new URLSearchParams(`sendsBefore=${SEND}`))).toEqual({ sendsBefore: SEND });
  });

  it('links to the next older page and back to the newest, keeping the page’s other parameters', () => {
    const params = new URLSearchParams(`lead=abc&leads=2&sendsBefore=old&messagesBefore=old`);
    expect(timelinePageLink(params, { sendsBefore: SEND, messagesBefore: null })).toBe(`?lead=abc&leads=2&sendsBefore=${SEND}`);
    expect(timelinePageLink(params, null)).toBe('?lead=abc&leads=2');
    expect(timelinePageLink(new URLSearchParams(`sendsBefore=${SEND}`), null)).toBe('.');
  });

  it('asks again for the page it shows', () => {
    expect(timelineStartQuery(null)).toEqual({});
    expect(timelineStartQuery({ sendsBefore: null, messagesBefore: MESSAGE })).toEqual({ messagesBefore: MESSAGE });
  });
});
