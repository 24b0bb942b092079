// Filling a business's contact form: which box gets what. Pure, so the rules are tested without a
// browser; the worker reads the live form's boxes, asks here, and types what comes back.

/** How a contact form step ended for one lead. */
export const CONTACT_FORM_OUTCOMES = ['submitted', 'no_form', 'not_mappable', 'robots_disallowed', 'failed', 'in_doubt'] as const;
export type ContactFormOutcome = (typeof CONTACT_FORM_OUTCOMES)[number];

export const CONTACT_FORM_OUTCOME_LABELS: Readonly<Record<ContactFormOutcome, string>> = Object.freeze({
  submitted: 'Submitted',
  no_form: 'No contact form',
  not_mappable: 'Fields not mappable',
  robots_disallowed: 'Disallowed by robots.txt',
  failed: 'Failed',
  in_doubt: 'In doubt (not retried)',
});

/** One box of a live form as the browser sees it. Hidden boxes (honeypots) are never passed in. */
export interface FormFieldDescriptor {
  /** The worker's handle for the box (its index among the form's visible boxes). */
  key: number;
  /** "input" type ("text", "email", "tel" …), or "textarea" / "select". */
  type: string;
  name: string;
  id: string;
  label: string | null;
  placeholder: string | null;
  autocomplete: string | null;
  required: boolean;
}

export const FORM_FIELD_ROLES = ['full_name', 'first_name', 'last_name', 'email', 'company', 'phone', 'subject', 'message'] as const;
export type FormFieldRole = (typeof FORM_FIELD_ROLES)[number];

/** What a step writes into a form: the sender's details and the rendered subject and message. */
export interface ContactFormValues {
  senderName: string;
  senderEmail: string;
  senderCompany: string;
  subject: string;
  message: string;
}

export type ContactFormFill =
  | { ok: true; fills: { key: number; role: FormFieldRole; value: string }[] }
  | { ok: false; reason: string };

const TEXT_TYPES = new Set(['text', 'email', 'tel', 'textarea', 'search', 'url', '']);

// Read against the box's name, id, label, placeholder and autocomplete together (lower-cased); first match wins.
const ROLE_PATTERNS: readonly [FormFieldRole, RegExp][] = [
  ['email', /e-?mail|courriel/],
  ['message', /message|nachricht|comment|enquiry|inquiry|anfrage|how can we help|your question|details/],
  ['subject', /subject|betreff|topic|regarding/],
  ['company', /company|organi[sz]ation|business|firma|unternehmen|organisation/],
  ['phone', /phone|telefon|\btel\b|mobile|handy/],
  ['first_name', /first.?name|given.?name|vorname|fname/],
  ['last_name', /last.?name|surname|family.?name|nachname|lname/],
  ['full_name', /name/],
];

const AUTOCOMPLETE_ROLES: Readonly<Record<string, FormFieldRole>> = {
  email: 'email',
  name: 'full_name',
  'given-name': 'first_name',
  'family-name': 'last_name',
  organization: 'company',
  tel: 'phone',
};

/** The role a box plays, or null when it is none we can fill (a select, a checkbox, "How did you hear of us?"). */
export function formFieldRole(field: FormFieldDescriptor): FormFieldRole | null {
  const type = field.type.toLowerCase();
  if (!TEXT_TYPES.has(type)) return null;
  if (type === 'email') return 'email';
  if (type === 'tel') return 'phone';
  const auto = field.autocomplete?.toLowerCase().trim().split(/\s+/).at(-1);
  if (auto && AUTOCOMPLETE_ROLES[auto]) return AUTOCOMPLETE_ROLES[auto];
  const words = [field.name, field.id, field.label, field.placeholder].filter(Boolean).join(' ').toLowerCase();
  for (const [role, pattern] of ROLE_PATTERNS) if (pattern.test(words)) return role;
  if (type === 'textarea') return 'message';
  return null;
}

function valueFor(role: FormFieldRole, values: ContactFormValues): string {
  const words = values.senderName.trim().split(/\s+/);
  switch (role) {
    case 'full_name':
      return values.senderName;
    case 'first_name':
      return words[0] ?? '';
    case 'last_name':
      return words.length > 1 ? words.slice(1).join(' ') : '';
    case 'email':
      return values.senderEmail;
    case 'company':
      return values.senderCompany;
    case 'subject':
      return values.subject;
    case 'message':
      return values.message;
    case 'phone':
      // We give no phone number: a form that insists on one is not filled.
      return '';
  }
}

function describeField(field: FormFieldDescriptor): string {
  return `"${field.label ?? field.placeholder ?? field.name ?? field.id}"`;
}

/**
 * Which boxes to fill with what. A form is filled only when it takes both an email address and a
 * message, and every required box gets a value: otherwise it is not mappable (with the reason), and
 * nothing is typed or sent. Each role fills its first box; a later box of the same role stays empty.
 */
export function mapContactFormFields(fields: readonly FormFieldDescriptor[], values: ContactFormValues): ContactFormFill {
  const fills: { key: number; role: FormFieldRole; value: string }[] = [];
  const used = new Set<FormFieldRole>();
  const unfilledRequired: FormFieldDescriptor[] = [];
  for (const field of fields) {
    const role = formFieldRole(field);
    const value = role && !used.has(role) ? valueFor(role, values).trim() : '';
    if (role && value !== '') {
      used.add(role);
      fills.push({ key: field.key, role, value: role === 'message' ? valueFor(role, values) : value });
    } else if (field.required) {
      unfilledRequired.push(field);
    }
  }
  if (!used.has('email')) return { ok: false, reason: 'The form has no email box, so the business could not answer.' };
  if (!used.has('message')) return { ok: false, reason: 'The form has no message box.' };
  if (unfilledRequired.length > 0) return { ok: false, reason: `Required fields we cannot fill: ${unfilledRequired.map(describeField).join(', ')}.` };
  return { ok: true, fills };
}
