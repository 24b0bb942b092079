import { describe, expect, it } from 'vitest';
import type { PageExtraction } from './extract.ts';
import { mergeExtractions } from './merge.ts';

const empty: PageExtraction = { title: null, siteName: null, description: null, emails: [], phones: [], socialLinks: [], contactForms: [], links: [] };
const form = { action: 'https://acme.com/send', method: 'post', fields: [{ name: 'message', type: 'textarea', label: 'Message', required: true }] };

describe('mergeExtractions', () => {
  it('combines pages: start page text first, addresses once with their plainest source, main number first', () => {
    const site = mergeExtractions([
      {
        url: 'https://acme.com/',
        extraction: { ...empty, title: 'Acme | Home', description: null, phones: ['+15125550100', '+15125550147'], emails: [{ email: 'info@acme.com', via: 'obfuscated', name: null, role: null }], socialLinks: ['https://facebook.com/acme'], contactForms: [form] },
      },
      {
        url: 'https://acme.com/contact',
        extraction: {
          ...empty,
          title: 'Contact | Acme',
          description: 'Reach Acme.',
          phones: ['+15125550147'],
          emails: [
            { email: 'info@acme.com', via: 'mailto', name: null, role: null },
            { email: 'jane@acme.com', via: 'mailto', name: 'Jane Doe', role: 'Owner' },
          ],
          socialLinks: ['https://facebook.com/acme', 'https://instagram.com/acme'],
          contactForms: [form],
        },
      },
    ]);
    expect(site).toEqual({
      title: 'Acme | Home',
      siteName: null,
      description: 'Reach Acme.',
      emails: [
        { email: 'info@acme.com', via: 'mailto', pageUrl: 'https://acme.com/', name: null, role: null },
        { email: 'jane@acme.com', via: 'mailto', pageUrl: 'https://acme.com/contact', name: 'Jane Doe', role: 'Owner' },
      ],
      phones: ['+15125550147', '+15125550100'],
      socialLinks: ['https://facebook.com/acme', 'https://instagram.com/acme'],
      contactForms: [{ ...form, pageUrl: 'https://acme.com/' }],
      hasContactForm: true,
    });
  });

  it('is empty for no pages', () => {
    expect(mergeExtractions([])).toMatchObject({ title: null, emails: [], phones: [], hasContactForm: false });
  });
});
