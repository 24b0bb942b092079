import type { CsvColumn } from '../csv/index.ts';

/** Why an address or domain is on a workspace's suppression list. */
export const SUPPRESSION_SOURCES = Object.freeze({
  unsubscribe: 'unsubscribe',
  bounce: 'bounce',
  complaint: 'complaint',
  manual: 'manual',
  import: 'import',
} as const);
export type SuppressionSource = (typeof SUPPRESSION_SOURCES)[keyof typeof SUPPRESSION_SOURCES];
export const SUPPRESSION_SOURCE_NAMES = Object.freeze(Object.values(SUPPRESSION_SOURCES)) as readonly SuppressionSource[];

export const SUPPRESSION_KINDS = Object.freeze({ email: 'email', domain: 'domain' } as const);
export type SuppressionKind = (typeof SUPPRESSION_KINDS)[keyof typeof SUPPRESSION_KINDS];

/** What the suppression list stores: a lower-cased address, or a bare domain standing for every address at it. */
export interface SuppressionValue {
  kind: SuppressionKind;
  value: string;
}

export const SUPPRESSION_VALUE_MAX_LENGTH = 320;
export const SUPPRESSION_REASON_MAX_LENGTH = 500;

const DOMAIN_MAX_LENGTH = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// A top-level label is letters (or an IDN's "xn--" form), never only digits: "10.0.0.1" is not a domain.
const TOP_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const LOCAL_PART = /^[^\s@<>()[\]\\,;:"]{1,64}$/;

function domainProblem(domain: string): string | null {
  if (domain.length > DOMAIN_MAX_LENGTH) return 'is longer than a domain can be';
  const labels = domain.split('.');
  if (labels.length < 2) return 'needs a dot, like acme.com';
  if (!labels.every((label) => LABEL.test(label))) return 'has characters a domain cannot have (letters, digits, hyphens and dots only)';
  if (!TOP_LABEL.test(labels.at(-1)!)) return 'does not end in a top-level domain like .com';
  return null;
}

export type ParsedSuppression = { ok: true; entry: SuppressionValue } | { ok: false; message: string };

/**
 * Reads what someone typed or a file held: "Jane@Acme.com" is that address, "acme.com" or "@acme.com"
 * the whole domain (every address at it). "mailto:" and angle brackets are dropped. Anything else is
 * refused with a sentence saying what is wrong with it.
 */
export function parseSuppressionValue(input: string): ParsedSuppression {
  const value = input
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .trim()
    .toLowerCase();
  if (value === '') return { ok: false, message: 'Enter an email address or a domain.' };
  const shown = input.trim().slice(0, 80);
  if (value.length > SUPPRESSION_VALUE_MAX_LENGTH) return { ok: false, message: `"${shown}…" is longer than an email address can be.` };
  if (/\s/.test(value)) return { ok: false, message: `"${shown}" has a space in it; enter one address or domain.` };
  const at = value.lastIndexOf('@');
  if (at <= 0) {
    const domain = at === 0 ? value.slice(1) : value;
    const problem = domainProblem(domain);
    if (problem) return { ok: false, message: `"${shown}" is neither an email address nor a domain: it ${problem}.` };
    return { ok: true, entry: { kind: 'domain', value: domain } };
  }
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!LOCAL_PART.test(local)) return { ok: false, message: `"${shown}" is not an email address: the part before @ is not valid.` };
  const problem = domainProblem(domain);
  if (problem) return { ok: false, message: `"${shown}" is not an email address: the part after @ ${problem}.` };
  return { ok: true, entry: { kind: 'email', value } };
}

/** The domain of an address, lower-cased: what a domain entry is compared with. */
export function suppressionDomainOf(address: string): string {
  const normalised = address.trim().toLowerCase();
  return normalised.slice(normalised.lastIndexOf('@') + 1);
}

/**
 * Whether `address` may not be emailed: an entry for that exact address (case-insensitive) or for its
 * whole domain suppresses it. A domain entry covers that domain only, not its subdomains
 * (suppressing acme.com leaves mail.acme.com alone), the same rule the database query applies.
 */
export function isSuppressedBy(entries: readonly SuppressionValue[], address: string): boolean {
  const normalised = address.trim().toLowerCase();
  const domain = suppressionDomainOf(normalised);
  return entries.some((entry) => (entry.kind === 'email' ? entry.value === normalised : entry.value === domain));
}

/** One row of the list as a CSV export holds it. */
export interface SuppressionExportRow extends SuppressionValue {
  source: SuppressionSource;
  reason: string | null;
  createdAt: Date | string;
}

/** The export's columns: the first ("value") is what an import reads back, so an export re-imports as is. */
export function suppressionCsvColumns<Row extends SuppressionExportRow>(): CsvColumn<Row>[] {
  return [
    { header: 'value', value: (row) => row.value },
    { header: 'kind', value: (row) => row.kind },
    { header: 'source', value: (row) => row.source },
    { header: 'reason', value: (row) => row.reason },
    { header: 'added (UTC)', value: (row) => (typeof row.createdAt === 'string' ? row.createdAt : row.createdAt.toISOString()) },
  ];
}

/** The public unsubscribe page for a token: what goes into List-Unsubscribe and the footer link. */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/u/${encodeURIComponent(token)}`;
}

/** The path the web server answers unsubscribe links on (GET shows a confirmation, POST unsubscribes). */
export const UNSUBSCRIBE_PATH_PREFIX = '/u/';

export const UNSUBSCRIBE_LINK_HIDDEN = '[unsubscribe link: shown to operators and admins]';

/**
 * The text with every signed unsubscribe link replaced by a placeholder: such a link unsubscribes its
 * lead, which only operators may do, so members who may not see it whole (viewers) see this instead.
 */
export function hideUnsubscribeLinks(text: string): string {
  return text.replace(/https?:\/\/[^\s<>"']*?\/u\/[^\s<>"'&]+/g, UNSUBSCRIBE_LINK_HIDDEN);
}
/** The body a one-click unsubscribe (RFC 8058) POSTs, and the header value that announces it. */
export const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';
/** The field the confirmation page's button adds to its post, so the answer leads back to the page. */
export const UNSUBSCRIBE_PAGE_FIELD = Object.freeze({ name: 'from', value: 'confirmation-page' } as const);
