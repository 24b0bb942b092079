import { describe, expect, it } from 'vitest';
import { planNextStep, startPosition, ZSequence, type SequenceInput } from '../sequences/index.ts';
import { lintSequence, renderContactForm } from '../templates/index.ts';
import { formFieldRole, mapContactFormFields, type FormFieldDescriptor } from './contact-form.ts';

const values = { senderName: 'Ann Lee', senderEmail: 'ann@agency.example', senderCompany: 'Lee Agency', subject: 'Hello', message: 'Hi there,\nA question.' };
const field = (key: number, overrides: Partial<FormFieldDescriptor>): FormFieldDescriptor => ({
  key,
  type: 'text',
  name: '',
  id: '',
  label: null,
  placeholder: null,
  autocomplete: null,
  required: false,
  ...overrides,
});

describe('contact form field mapping', () => {
  it('fills name, email, company, subject and message from labels, names, placeholders and types', () => {
    const fill = mapContactFormFields(
      [
        field(0, { name: 'your-name', label: 'Your name', required: true }),
        field(1, { type: 'email', name: 'field_2', required: true }),
        field(2, { name: 'org', placeholder: 'Company' }),
        field(3, { name: 'betreff' }),
        field(4, { type: 'textarea', name: 'field_5', label: 'How can we help?', required: true }),
      ],
      values,
    );
    expect(fill).toEqual({
      ok: true,
      fills: [
        { key: 0, role: 'full_name', value: 'Ann Lee' },
        { key: 1, role: 'email', value: 'ann@agency.example' },
        { key: 2, role: 'company', value: 'Lee Agency' },
        { key: 3, role: 'subject', value: 'Hello' },
        { key: 4, role: 'message', value: 'Hi there,\nA question.' },
      ],
    });
  });

  it('splits the sender name over first and last name boxes, and reads autocomplete', () => {
    const fill = mapContactFormFields(
      [field(0, { autocomplete: 'given-name', name: 'a' }), field(1, { name: 'nachname' }), field(2, { name: 'mail', autocomplete: 'email' }), field(3, { type: 'textarea', name: 'x' })],
      values,
    );
    expect(fill.ok && fill.fills.map((fill) => [fill.role, fill.value])).toEqual([
      ['first_name', 'Ann'],
      ['last_name', 'Lee'],
      ['email', 'ann@agency.example'],
      ['message', values.message],
    ]);
  });

  it('leaves an optional phone box empty but refuses a form that requires one', () => {
    const base = [field(0, { type: 'email', name: 'email' }), field(1, { type: 'textarea', name: 'message' })];
    const optional = mapContactFormFields([...base, field(2, { type: 'tel', name: 'phone' })], values);
    expect(optional.ok && optional.fills.map((fill) => fill.role)).toEqual(['email', 'message']);
    expect(mapContactFormFields([...base, field(2, { type: 'tel', name: 'phone', label: 'Phone', required: true })], values)).toEqual({
      ok: false,
      reason: 'Required fields we cannot fill: "Phone".',
    });
  });

  it('is not mappable without an email box or a message box, or with a required box it cannot read', () => {
    expect(mapContactFormFields([field(0, { type: 'textarea', name: 'message' })], values)).toMatchObject({ ok: false, reason: expect.stringContaining('no email box') });
    expect(mapContactFormFields([field(0, { type: 'email' }), field(1, { name: 'name' })], values)).toMatchObject({ ok: false, reason: 'The form has no message box.' });
    const select = field(2, { type: 'select', name: 'budget', label: 'Budget', required: true });
    expect(mapContactFormFields([field(0, { type: 'email' }), field(1, { type: 'textarea' }), select], values)).toMatchObject({ ok: false, reason: expect.stringContaining('"Budget"') });
  });

  it('does not fill a company box when the step gives no company', () => {
    expect(formFieldRole(field(0, { name: 'company' }))).toBe('company');
    const fill = mapContactFormFields([field(0, { type: 'email' }), field(1, { name: 'company' }), field(2, { type: 'textarea' })], { ...values, senderCompany: '' });
    expect(fill.ok && fill.fills.map((fill) => fill.role)).toEqual(['email', 'message']);
  });
});

const formStep = { id: 'form', type: 'contact_form', senderName: 'Ann Lee', senderEmail: 'Ann@Agency.example', body: 'Hello {{ lead.name }}, {{ mailbox.sender_name }} here.' } as const;

describe('contact form step', () => {
  it('parses with defaults, lower-cases the sender address and refuses a bad one', () => {
    const sequence = ZSequence.parse({ steps: [formStep] });
    expect(sequence.steps[0]).toMatchObject({ type: 'contact_form', senderEmail: 'ann@agency.example', senderCompany: '', subject: '' });
    expect(ZSequence.safeParse({ steps: [{ ...formStep, senderEmail: 'nobody' }] }).success).toBe(false);
    expect(ZSequence.safeParse({ steps: [{ ...formStep, senderName: ' ' }] }).success).toBe(false);
  });

  it('counts as a step that reaches the lead, and may not loop', () => {
    expect(ZSequence.safeParse({ steps: [formStep] }).success).toBe(true);
    const looping: SequenceInput = {
      steps: [formStep, { id: 'w', type: 'wait', businessDays: 1 }, { id: 'b', type: 'branch', on: 'replied', then: { action: 'stop' }, otherwise: { action: 'goto', stepId: 'form' } }],
    };
    expect(ZSequence.safeParse(looping).error?.issues.map((issue) => issue.message)).toEqual([
      'Steps "form", "w", "b" loop through an email or contact form step, which can be sent only once per lead',
    ]);
  });

  it('is planned as a form send, and passes over email steps for a lead enrolled without an address', () => {
    const sequence = ZSequence.parse({
      steps: [{ id: 'mail', type: 'email', subject: 's', body: 'b' }, formStep, { id: 'mail-2', type: 'email', subject: 's', body: 'b' }],
    });
    const now = new Date('2026-03-02T10:00:00Z');
    const input = { sequence, status: 'active' as const, position: startPosition(sequence, now), events: [], now, timeZone: 'UTC' };
    expect(planNextStep(input)).toEqual({ kind: 'send', channel: 'email', stepId: 'mail', at: now, after: 'form' });
    expect(planNextStep({ ...input, canEmail: false })).toEqual({ kind: 'send', channel: 'form', stepId: 'form', at: now, after: 'mail-2' });
    expect(planNextStep({ ...input, canEmail: false, position: { stepId: 'mail-2', since: now } })).toEqual({ kind: 'complete', via: null });
  });

  it('is linted without an unsubscribe link or a subject, and rendered as plain text with the sender', () => {
    const sequence = ZSequence.parse({ steps: [formStep, { ...formStep, id: 'bad', body: '{{ lead.secret }}' }] });
    expect(lintSequence(sequence)).toEqual([{ stepId: 'bad', number: 2, problems: [expect.objectContaining({ code: 'unknown_variable' })] }]);
    const lead = { name: 'Bright Plumbing <b>' };
    expect(renderContactForm(sequence.steps[0] as typeof formStep & { subject: string }, { lead, contact: {} })).toEqual({
      subject: '',
      message: 'Hello Bright Plumbing <b>, Ann Lee here.',
    });
  });
});
