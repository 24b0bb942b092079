import { describe, expect, it } from 'vitest';
import { endedReasonInWords } from './ended-reason-words.ts';
import { CALL_TRANSCRIPT_LINE_MAX_CHARS, reportTranscriptLines, vapiTranscriptLine } from './transcript.ts';

describe('vapiTranscriptLine', () => {
  it('keeps a final line with its speaker, trimmed and cut to the bound', () => {
    expect(vapiTranscriptLine({ type: 'transcript', role: 'user', transcriptType: 'final', transcript: '  Yes, Friday works. ' })).toEqual({ line: { role: 'user', text: 'Yes, Friday works.' } });
    const long = vapiTranscriptLine({ role: 'assistant', transcriptType: 'final', transcript: 'a'.repeat(CALL_TRANSCRIPT_LINE_MAX_CHARS + 10) });
    expect('line' in long && long.line.text.length).toBe(CALL_TRANSCRIPT_LINE_MAX_CHARS);
  });

  it('skips partials, unknown speakers and types, and empty lines, saying why', () => {
    expect(vapiTranscriptLine({ role: 'user', transcriptType: 'partial', transcript: 'Yes, Fri' })).toEqual({ skipped: expect.stringContaining('partial') });
    expect(vapiTranscriptLine({ role: 'system', transcriptType: 'final', transcript: 'x' })).toEqual({ skipped: expect.stringContaining('speaker') });
    expect(vapiTranscriptLine({ role: 'user', transcriptType: 'interim', transcript: 'x' })).toEqual({ skipped: expect.stringContaining('"interim"') });
    expect(vapiTranscriptLine({ role: 'user', transcriptType: 'final', transcript: '   ' })).toEqual({ skipped: 'the line is empty' });
    expect(vapiTranscriptLine({ role: 'user', transcriptType: 'final', transcript: 42 })).toEqual({ skipped: 'the line is empty' });
  });
});

describe('reportTranscriptLines', () => {
  it('splits the report’s "AI:" / "User:" transcript into turns, a line without a label continuing the turn', () => {
    expect(reportTranscriptLines('AI: Hi, this is Sam.\nUser: Hello?\nstill me\n\nAI: Great.')).toEqual([
      { role: 'assistant', text: 'Hi, this is Sam.' },
      { role: 'user', text: 'Hello?\nstill me' },
      { role: 'assistant', text: 'Great.' },
    ]);
    expect(reportTranscriptLines('No labels here: at all')).toEqual([{ role: null, text: 'No labels here: at all' }]);
    expect(reportTranscriptLines('')).toEqual([]);
  });
});

describe('endedReasonInWords', () => {
  it('says the common reasons in a sentence and shows a rare one as Vapi names it, readable', () => {
    expect(endedReasonInWords('customer-did-not-answer')).toBe('Nobody answered.');
    expect(endedReasonInWords('pipeline-error-openai-llm-failed')).toBe('Vapi says: pipeline error openai llm failed.');
    expect(endedReasonInWords(null)).toBeNull();
    expect(endedReasonInWords('--')).toBeNull();
  });
});
