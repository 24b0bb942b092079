import { describe, expect, it } from 'vitest';
import { analysisFacts, analysisKeyInWords, analysisValueInWords, MAX_ANALYSIS_VALUE_CHARS } from './call-analysis.ts';

describe('analysisKeyInWords', () => {
  it('turns camelCase, snake_case and kebab-case keys into a sentence-case phrase, keeping acronyms', () => {
    expect(analysisKeyInWords('meetingBooked')).toBe('Meeting booked');
    expect(analysisKeyInWords('visit_day')).toBe('Visit day');
    expect(analysisKeyInWords('follow-up-date')).toBe('Follow up date');
    expect(analysisKeyInWords('callbackURL')).toBe('Callback URL');
    expect(analysisKeyInWords('CRMRecordId')).toBe('CRM record id');
    expect(analysisKeyInWords('seats2026')).toBe('Seats2026');
    expect(analysisKeyInWords('budget')).toBe('Budget');
    // Nothing to turn into words: the key as it came.
    expect(analysisKeyInWords('__')).toBe('__');
  });
});

describe('analysisValueInWords', () => {
  it('shows booleans as Yes/No, numbers as numbers, text as it is, and a missing value as a dash', () => {
    expect(analysisValueInWords(false)).toBe('No');
    expect(analysisValueInWords(true)).toBe('Yes');
    expect(analysisValueInWords(1250)).toBe('1,250');
    expect(analysisValueInWords(0.5)).toBe('0.5');
    expect(analysisValueInWords('Friday at 10')).toBe('Friday at 10');
    expect(analysisValueInWords(null)).toBe('—');
    expect(analysisValueInWords('  ')).toBe('—');
  });

  it('reads nested objects and lists on one line, in words, and bounds how deep and how many', () => {
    expect(analysisValueInWords(['email', 'phone'])).toBe('email, phone');
    expect(analysisValueInWords([])).toBe('None');
    expect(analysisValueInWords({ decisionMaker: true, seats: 12 })).toBe('Decision maker: Yes; Seats: 12');
    expect(analysisValueInWords([{ name: 'Ann', isOwner: true }, { name: 'Bo' }])).toBe('(Name: Ann; Is owner: Yes), (Name: Bo)');
    expect(analysisValueInWords({ a: { b: { c: 1 } } })).toBe('A: (B: …)');
    expect(analysisValueInWords(Array.from({ length: 20 }, (_, index) => index + 1))).toBe('1, 2, 3, 4, 5, 6, 7, 8, and 12 more');
  });

  it('cuts a giant value to a bounded length, saying it was cut', () => {
    const shown = analysisValueInWords('word '.repeat(1_000));
    expect(shown.length).toBeLessThanOrEqual(MAX_ANALYSIS_VALUE_CHARS);
    expect(shown.endsWith('…')).toBe(true);
  });
});

describe('analysisFacts', () => {
  it('lists the structured data’s fields in words, then the success evaluation, a pass/fail verdict as Yes/No', () => {
    expect(analysisFacts({ structuredData: { meetingBooked: false, visitDay: 'friday' }, successEvaluation: 'true' })).toEqual([
      { label: 'Meeting booked', value: 'No' },
      { label: 'Visit day', value: 'friday' },
      { label: 'Success evaluation', value: 'Yes' },
    ]);
    expect(analysisFacts({ successEvaluation: 8 })).toEqual([{ label: 'Success evaluation', value: '8' }]);
    expect(analysisFacts({ structuredData: ['not', 'fields'], summary: 'ignored here' })).toEqual([]);
    expect(analysisFacts(null)).toEqual([]);
  });
});
