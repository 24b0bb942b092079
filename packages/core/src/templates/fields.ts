// No imports: the sequence editor can list the variables in the browser without loading liquidjs.

/** The lead's fields a template may use, as `{{ lead.name }}`. */
export const LEAD_TEMPLATE_FIELDS = ['name', 'domain', 'website', 'phone', 'address', 'city', 'region', 'country', 'category', 'rating', 'review_count', 'description'] as const;
/** The contact's fields, as `{{ contact.first_name | default: "there" }}`. */
export const CONTACT_TEMPLATE_FIELDS = ['first_name', 'last_name', 'full_name', 'email', 'role'] as const;
/** The sending mailbox's fields: who signs, and the postal address the law asks for. */
export const MAILBOX_TEMPLATE_FIELDS = ['sender_name', 'from_address', 'signature', 'postal_address'] as const;

export type LeadTemplateField = (typeof LEAD_TEMPLATE_FIELDS)[number];
export type ContactTemplateField = (typeof CONTACT_TEMPLATE_FIELDS)[number];
export type MailboxTemplateField = (typeof MAILBOX_TEMPLATE_FIELDS)[number];

type FieldValue = string | number | null | undefined;

/** Everything a template can see; anything else on the objects passed in is never exposed. */
export interface TemplateContext {
  lead: Partial<Record<LeadTemplateField, FieldValue>>;
  contact: Partial<Record<ContactTemplateField, FieldValue>>;
  mailbox: Partial<Record<MailboxTemplateField, FieldValue>>;
  unsubscribe_url: string;
}

export const TEMPLATE_OBJECT_FIELDS: Readonly<Record<'lead' | 'contact' | 'mailbox', readonly string[]>> = Object.freeze({
  lead: LEAD_TEMPLATE_FIELDS,
  contact: CONTACT_TEMPLATE_FIELDS,
  mailbox: MAILBOX_TEMPLATE_FIELDS,
});

/** Every variable a template may use, spelled as in a template: for the editor's list and the lint. */
export const TEMPLATE_VARIABLES: readonly string[] = Object.freeze([
  ...Object.entries(TEMPLATE_OBJECT_FIELDS).flatMap(([object, fields]) => fields.map((field) => `${object}.${field}`)),
  'unsubscribe_url',
]);

export const TEMPLATE_PROBLEM_CODES = [
  'syntax_error',
  'render_error',
  'unknown_variable',
  'missing_unsubscribe_link',
  'missing_postal_address',
  'empty_subject',
] as const;
export type TemplateProblemCode = (typeof TEMPLATE_PROBLEM_CODES)[number];

export interface TemplateProblem {
  code: TemplateProblemCode;
  part: 'subject' | 'body';
  /** A sentence for the editor, with the line when there is one. */
  message: string;
  line?: number;
  column?: number;
}
