import { defaultSequence } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { applySequenceEdit, parseSequenceEdit, readSequenceForm, stepToFocusAfter } from './sequence-form.server.ts';

/** The sequence as the editor's form posts it. */
function posted(steps: Record<string, string>[]): FormData {
  const form = new FormData();
  steps.forEach((fields, index) => {
    for (const [field, value] of Object.entries(fields)) form.append(`step.${index}.${field}`, value);
  });
  return form;
}

describe('sequence editor form', () => {
  it('reads every step type back from its fields, in order, and keeps a step of a type it has no editor for whole', () => {
    const unknown = { id: 'form-1', type: 'contact_form', message: 'Hello' };
    const sequence = readSequenceForm(
      posted([
        { id: 'first', type: 'email', subject: 'Hi', body: 'Line one\r\nLine two', ai: 'on' },
        { id: 'pause', type: 'wait', businessDays: '4' },
        { id: 'check', type: 'branch', on: 'replied', then: 'stop', otherwise: 'goto:first' },
        { id: 'form-1', type: 'contact_form', json: JSON.stringify(unknown) },
      ]),
    );
    expect(sequence.steps).toEqual([
      { id: 'first', type: 'email', subject: 'Hi', body: 'Line one\nLine two', aiPersonalise: true },
      { id: 'pause', type: 'wait', businessDays: 4 },
      { id: 'check', type: 'branch', on: 'replied', then: { action: 'stop' }, otherwise: { action: 'goto', stepId: 'first' } },
      unknown,
    ]);
  });

  it('reads a call step and a branch on the call’s outcome back, and adds a call step with an empty note', () => {
    const sequence = readSequenceForm(
      posted([
        { id: 'first', type: 'email', subject: 'Hi', body: 'Hello' },
        { id: 'ring', type: 'call', note: 'Ask for the owner\r\nthen book a visit' },
        { id: 'if-answered', type: 'branch', on: 'call_answered', then: 'stop', otherwise: '' },
        { id: 'if-missed', type: 'branch', on: 'call_no_answer', then: 'goto:first', otherwise: 'stop' },
      ]),
    );
    expect(sequence.steps).toEqual([
      { id: 'first', type: 'email', subject: 'Hi', body: 'Hello', aiPersonalise: false },
      { id: 'ring', type: 'call', note: 'Ask for the owner\nthen book a visit' },
      { id: 'if-answered', type: 'branch', on: 'call_answered', then: { action: 'stop' } },
      { id: 'if-missed', type: 'branch', on: 'call_no_answer', then: { action: 'goto', stepId: 'first' }, otherwise: { action: 'stop' } },
    ]);
    const added = applySequenceEdit(defaultSequence({ followUps: 1 }), parseSequenceEdit('add', 'call')!);
    expect(added.steps.at(-1)).toEqual({ id: 'call-1', type: 'call', note: '' });
  });

  it('adds a step with an id no other step has, moves and removes steps, and ignores moves past either end', () => {
    const sequence = defaultSequence({ followUps: 1 });
    const ids = (edited: { steps: { id: string }[] }) => edited.steps.map((step) => step.id);
    expect(ids(sequence)).toEqual(['first-email', 'wait-1', 'if-replied-1', 'follow-up-1']);
    const added = applySequenceEdit(sequence, parseSequenceEdit('add', 'wait')!);
    expect(ids(added)).toEqual(['first-email', 'wait-1', 'if-replied-1', 'follow-up-1', 'wait-2']);
    expect(added.steps.at(-1)).toEqual({ id: 'wait-2', type: 'wait', businessDays: 3 });
    expect(ids(applySequenceEdit(sequence, parseSequenceEdit('up:3', null)!))).toEqual(['first-email', 'wait-1', 'follow-up-1', 'if-replied-1']);
    expect(ids(applySequenceEdit(sequence, parseSequenceEdit('down:0', null)!))).toEqual(['wait-1', 'first-email', 'if-replied-1', 'follow-up-1']);
    expect(ids(applySequenceEdit(sequence, parseSequenceEdit('remove:1', null)!))).toEqual(['first-email', 'if-replied-1', 'follow-up-1']);
    expect(applySequenceEdit(sequence, parseSequenceEdit('up:0', null)!)).toEqual(sequence);
    expect(applySequenceEdit(sequence, parseSequenceEdit('down:3', null)!)).toEqual(sequence);
  });

  it('moves keyboard focus to the added or moved step, or to the one now where a step was removed', () => {
    const sequence = defaultSequence({ followUps: 1 });
    const focus = (value: string, addType: string | null = null) => {
      const edit = parseSequenceEdit(value, addType)!;
      return stepToFocusAfter(edit, applySequenceEdit(sequence, edit));
    };
    expect(focus('add', 'email')).toBe(4);
    expect(focus('up:2')).toBe(1);
    expect(focus('down:2')).toBe(3);
    expect(focus('remove:3')).toBe(2);
    expect(focus('remove:1')).toBe(1);
    expect(stepToFocusAfter({ op: 'remove', index: 0 }, { steps: [] })).toBeNull();
  });

  it('refuses edits the editor does not offer', () => {
    expect(parseSequenceEdit('add', 'teleport')).toBeNull();
    expect(parseSequenceEdit('swap:1', null)).toBeNull();
    expect(parseSequenceEdit('remove:-1', null)).toBeNull();
  });
});
