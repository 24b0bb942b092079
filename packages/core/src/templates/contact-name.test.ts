import { describe, expect, it } from 'vitest';
import { contactNameParts } from './contact-name.ts';
import { templateContextOf } from './context.ts';
import { renderEmail } from './render.ts';

describe('contactNameParts', () => {
  it('leaves out a title in front, with or without a dot, in any case', () => {
    for (const title of ['Dr.', 'Dr', 'dr', 'DR.', 'Mr', 'Mrs.', 'Ms', 'Miss', 'Mx.', 'Prof.', 'Sir', 'Professor']) {
      expect(contactNameParts(`${title} Anastasia Volkova`), title).toEqual({ first: 'Anastasia', last: 'Volkova' });
    }
    expect(contactNameParts('Prof. Dr. Hans Weber')).toEqual({ first: 'Hans', last: 'Weber' });
  });

  it('leaves out letters after the name', () => {
    expect(contactNameParts('Jane Doe, PhD')).toEqual({ first: 'Jane', last: 'Doe' });
    expect(contactNameParts('John Smith Jr.')).toEqual({ first: 'John', last: 'Smith' });
  });

  it('has no first name when the name is only a title, only initials, or a title and a surname', () => {
    expect(contactNameParts('Dr.')).toEqual({ first: null, last: null });
    expect(contactNameParts('J.')).toEqual({ first: null, last: null });
    expect(contactNameParts('J. Smith')).toEqual({ first: null, last: 'Smith' });
    expect(contactNameParts('J.R. Smith')).toEqual({ first: null, last: 'Smith' });
    expect(contactNameParts('Dr. Volkova')).toEqual({ first: null, last: 'Volkova' });
  });

  it('keeps plain names as they were split before', () => {
    expect(contactNameParts('Ann Lee')).toEqual({ first: 'Ann', last: 'Lee' });
    expect(contactNameParts('Ann')).toEqual({ first: 'Ann', last: null });
    expect(contactNameParts('Drew Barrymore')).toEqual({ first: 'Drew', last: 'Barrymore' });
    expect(contactNameParts('Jo Mills')).toEqual({ first: 'Jo', last: 'Mills' });
    expect(contactNameParts(null)).toEqual({ first: null, last: null });
  });
});

describe('the greeting of an email to a contact with a title', () => {
  const lead = { name: 'Smile Dental', domain: null, website: null, phone: null, address: null, city: null, region: null, country: null, category: null, rating: null, reviewCount: null, description: null };
  const greet = (name: string) =>
    renderEmail({ subject: 'x', body: 'Hi {{ contact.first_name | default: "there" }},' }, templateContextOf(lead, { name, email: null, role: null }, null, '')).text.trim();

  it('greets by first name, or falls back to the no-name greeting', () => {
    expect(greet('Dr. Anastasia Volkova')).toBe('Hi Anastasia,');
    expect(greet('Dr.')).toBe('Hi there,');
    expect(greet('A. B.')).toBe('Hi there,');
  });
});
