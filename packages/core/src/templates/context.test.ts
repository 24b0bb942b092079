import { describe, expect, it } from 'vitest';
import { defaultSequence } from '../sequences/default.ts';
import { templateContextOf } from './context.ts';
import { describeStepLint, lintSequence } from './lint-sequence.ts';
import { renderEmail } from './render.ts';

const LEAD = { name: 'Joe’s Plumbing', domain: 'joes.example', website: null, phone: null, address: null, city: 'Austin', region: 'TX', country: 'US', category: null, rating: 4.5, reviewCount: 12, description: null };
const MAILBOX = { fromName: 'Ann at Acme', fromAddress: 'ann@acme.test', signature: 'Ann', postalAddress: '1 Main St, Austin TX' };

describe('templateContextOf', () => {
  it('splits the contact’s name and fills the mailbox footer, so the default sequence renders', () => {
    const context = templateContextOf(LEAD, { name: 'Joe  van Dyke', email: 'joe@joes.example', role: 'Owner' }, MAILBOX, 'https://x.test/u/t');
    expect(context.contact).toEqual({ first_name: 'Joe', last_name: 'van Dyke', full_name: 'Joe  van Dyke', email: 'joe@joes.example', role: 'Owner' });
    const email = renderEmail({ subject: 'Hi {{ contact.first_name }} at {{ lead.name }}', body: '{{ mailbox.postal_address }} {{ unsubscribe_url }} {{ lead.review_count }}' }, context);
    expect(email.subject).toBe('Hi Joe at Joe’s Plumbing');
    expect(email.text).toBe('1 Main St, Austin TX https://x.test/u/t 12\n');
  });

  it('leaves the contact’s names unknown when only an address is known, so | default: applies', () => {
    const context = templateContextOf(LEAD, { name: null, email: 'info@joes.example', role: null }, null, '');
    expect(renderEmail({ subject: 'Hi {{ contact.first_name | default: "there" }}', body: 'x' }, context).subject).toBe('Hi there');
    expect(context.mailbox).toEqual({});
  });
});

describe('lintSequence', () => {
  it('passes the default sequence and names the step of each problem', () => {
    expect(lintSequence(defaultSequence())).toEqual([]);
    const broken = defaultSequence();
    broken.steps[3] = { id: 'follow-up-1', type: 'email', subject: 'Hi', body: 'No footer {{ lead.nope }}', aiPersonalise: false };
    const lints = lintSequence(broken);
    expect(lints.map((lint) => [lint.stepId, lint.number])).toEqual([['follow-up-1', 4]]);
    expect(describeStepLint(lints[0]!)).toContain('Step 4 (follow-up-1), body: Add the unsubscribe link: {{ unsubscribe_url }}');
  });
});
