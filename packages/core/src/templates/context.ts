import { contactNameParts } from './contact-name.ts';
import type { TemplateContext } from './fields.ts';

export interface TemplateLead {
  name: string;
  domain: string | null;
  website: string | null;
  phone: string | null;
  address: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  category: string | null;
  rating: number | null;
  reviewCount: number | null;
  description: string | null;
}

export interface TemplateContact {
  /** As found: "Ann Lee", or null when only an address is known. */
  name: string | null;
  email: string | null;
  role: string | null;
}

export interface TemplateMailbox {
  fromName: string;
  fromAddress: string;
  signature: string;
  postalAddress: string | null;
}

/** What a template sees for one lead, its contact and the sending mailbox (the field names of TEMPLATE_VARIABLES). */
export function templateContextOf(lead: TemplateLead, contact: TemplateContact | null, mailbox: TemplateMailbox | null, unsubscribeUrl: string): TemplateContext {
  const { first, last } = contactNameParts(contact?.name ?? null);
  return {
    lead: {
      name: lead.name,
      domain: lead.domain,
      website: lead.website,
      phone: lead.phone,
      address: lead.address,
      city: lead.city,
      region: lead.region,
      country: lead.country,
      category: lead.category,
      rating: lead.rating,
      review_count: lead.reviewCount,
      description: lead.description,
    },
    contact: { first_name: first, last_name: last, full_name: contact?.name ?? null, email: contact?.email ?? null, role: contact?.role ?? null },
    mailbox: mailbox
      ? { sender_name: mailbox.fromName, from_address: mailbox.fromAddress, signature: mailbox.signature, postal_address: mailbox.postalAddress }
      : {},
    unsubscribe_url: unsubscribeUrl,
  };
}
