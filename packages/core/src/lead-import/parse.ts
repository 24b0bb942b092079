import type { CountryCode } from 'libphonenumber-js';
import { Invalid } from '../errors/index.ts';
import type { ContactCandidate, LeadCandidate } from '../leads/candidate.ts';
import { countryCode } from '../leads/country.ts';
import { isDirectoryHost, nameLocationKey, normalizeDomain, normalizeLeadEmail, normalizePhone } from '../leads/keys.ts';
import { cleanText } from '../leads/text.ts';
import { forEachCsvRecord, forEachCsvRecordIn } from './csv-records.ts';
import type { LeadImportField, LeadImportMapping } from './fields.ts';
import { LEAD_IMPORT_MAX_ROWS } from './limits.ts';
import { formatNumber } from '../text/number.ts';

const MAX_NAME_LENGTH = 300;

export interface LeadImportOptions {
  mapping: LeadImportMapping;
  /** The country for rows that name none, and for phone numbers written without a country code. */
  defaultCountry?: string | null;
  /** Names the file in each lead's source, e.g. "import:customers.csv"; each row adds "#row<n>". */
  sourceRef: string;
  /** Rows past this refuse the file; LEAD_IMPORT_MAX_ROWS unless given (tests use a small one). */
  maxRows?: number;
}

/** One data row of the file: a candidate lead, or the reasons it cannot be one. */
export type ParsedLeadRow = { row: number; candidate: LeadCandidate } | { row: number; reasons: string[] };

export interface LeadImportResult {
  headers: string[];
  /** `row` is the spreadsheet row number: the header is row 1, the first lead row 2. */
  candidates: { row: number; candidate: LeadCandidate }[];
  rejected: { row: number; reasons: string[] }[];
}

/**
 * The header and first rows of a CSV for the mapping step, read as the import reads them (same
 * delimiter guess, quoting and errors) but only as far as it shows. Blank lines are left out.
 */
export async function readCsvPreview(text: string, maxRows: number): Promise<{ headers: string[]; rows: string[][] }> {
  const records: string[][] = [];
  await forEachCsvRecord(text, { to: Math.max(0, Math.floor(maxRows)) + 1, skipEmpty: true }, (record) => records.push(record));
  const [headers = [], ...rows] = records;
  return { headers, rows };
}

/** Refuses a mapping without a name column or with a column the file does not have, in words. */
export function checkLeadImportMapping(mapping: LeadImportMapping, headers: readonly string[]): void {
  if (mapping.name === undefined) throw new Invalid('Choose the column that holds the business name.');
  for (const [field, column] of Object.entries(mapping)) {
    if (column === undefined) continue;
    if (!Number.isInteger(column) || column < 0 || column >= headers.length) {
      throw new Invalid(`The column chosen for ${field} is not in this file.`);
    }
  }
}

/** Number from a cell written "4,5" or "4.5"; NaN for anything else. */
function parseDecimal(text: string): number {
  const normalized = text.replace(',', '.');
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(normalized) ? Number(normalized) : Number.NaN;
}

// What people put between several addresses in one cell. Plain spaces are not among them: "jane at
// example dot com" is one address written out, not five.
const EMAIL_SEPARATORS = /\s*(?:[,;|\n\r]|\s\/\s)\s*/;

/**
 * The addresses in an email cell: one, or several split on real separators (comma, semicolon, "|",
 * a line break, " / "); "Jane Doe <jane@acme.com>" is read as its address. Several addresses with
 * only spaces between them are read too, when every word is an address. Null when any part is not
 * an address, so the row gets one error naming the whole cell.
 */
export function emailsInCell(text: string): string[] | null {
  if (!/[\s,;|<]/.test(text)) {
    // One address and nothing around it, as most cells hold.
    const email = normalizeLeadEmail(text);
    return email === null ? null : [email];
  }
  const emails: string[] = [];
  for (const part of text.split(EMAIL_SEPARATORS).filter(Boolean)) {
    const address = /<([^<>]+)>\s*$/.exec(part)?.[1] ?? part;
    const words = address.trim().split(/\s+/);
    const parsed = words.map((word) => normalizeLeadEmail(word));
    if (parsed.some((email) => email === null)) return null;
    for (const email of parsed as string[]) if (!emails.includes(email)) emails.push(email);
  }
  return emails.length > 0 ? emails : null;
}

/** The host of a website cell, read as a browser would; null when it is not a url at all. */
function hostnameOf(website: string): string | null {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `http://${website}`;
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

function parseRow(
  cell: (field: LeadImportField) => string | null,
  row: number,
  options: LeadImportOptions,
  fallbackCountry: CountryCode | null,
): { candidate: LeadCandidate } | { reasons: string[] } {
  const reasons: string[] = [];
  const name = cell('name');
  if (!name) reasons.push('Missing business name');
  else if (name.length > MAX_NAME_LENGTH) reasons.push(`Business name is longer than ${MAX_NAME_LENGTH} characters`);

  const countryText = cell('country');
  const country = countryText ? (countryCode(countryText) ?? countryText) : fallbackCountry;
  const phoneCountry = (countryText ? countryCode(countryText) : null) ?? fallbackCountry ?? undefined;

  const socialLinks: string[] = [];
  let website = cell('website');
  if (website && normalizeDomain(website) === null) {
    const hostname = hostnameOf(website);
    if (hostname !== null && isDirectoryHost(hostname.replace(/^www\./, ''))) {
      // A Facebook or Yelp page is where the business is listed, not its own site.
      socialLinks.push(website);
      website = null;
    } else {
      reasons.push(`Website “${website}” is not a web address`);
    }
  }

  const emailText = cell('email');
  const cellEmails = emailText ? emailsInCell(emailText) : [];
  if (cellEmails === null) reasons.push(`Invalid email “${emailText}”`);
  const emails = cellEmails ?? [];

  const phoneText = cell('phone');
  const phone = phoneText ? normalizePhone(phoneText, phoneCountry) : null;
  if (phoneText && !phone) {
    reasons.push(phoneCountry ? `Unparsable phone “${phoneText}”` : `Unparsable phone “${phoneText}” (no country: add a country column or a default country)`);
  }

  const ratingText = cell('rating');
  const rating = ratingText ? parseDecimal(ratingText) : null;
  if (rating !== null && !(rating >= 0 && rating <= 5)) reasons.push(`Rating “${ratingText}” is not a number from 0 to 5`);

  const reviewText = cell('reviewCount');
  const reviewCount = reviewText ? Number(reviewText.replace(/[,\s]/g, '')) : null;
  if (reviewCount !== null && !(Number.isInteger(reviewCount) && reviewCount >= 0)) reasons.push(`Review count “${reviewText}” is not a whole number`);

  const latText = cell('lat');
  const lngText = cell('lng');
  const lat = latText ? parseDecimal(latText) : null;
  const lng = lngText ? parseDecimal(lngText) : null;
  if (lat !== null && !(lat >= -90 && lat <= 90)) reasons.push(`Latitude “${latText}” is not between -90 and 90`);
  if (lng !== null && !(lng >= -180 && lng <= 180)) reasons.push(`Longitude “${lngText}” is not between -180 and 180`);

  const street = cell('address');
  const postalCode = cell('postalCode');
  const address = street && postalCode && !street.includes(postalCode) ? `${street}, ${postalCode}` : (street ?? postalCode);
  const city = cell('city');

  if (reasons.length === 0 && name) {
    // Without any of these, a second import of the same business could not be recognised.
    const identified = website || phone || emails.length > 0 || nameLocationKey({ name, city, country, address });
    if (!identified) reasons.push('Nothing identifies this business: add a city, postal code, website, phone or email');
  }
  if (reasons.length > 0 || !name) return { reasons };

  const contactName = cell('contactName');
  const contactRole = cell('contactRole');
  const contacts: ContactCandidate[] = emails.map((email, index) =>
    index === 0 ? { email, name: contactName, role: contactRole } : { email },
  );
  if (contacts.length === 0 && contactName) contacts.push({ name: contactName, role: contactRole });

  const candidate: LeadCandidate = {
    name,
    website,
    address,
    city,
    region: cell('region'),
    country,
    lat,
    lng,
    phone,
    category: cell('category'),
    rating,
    reviewCount,
    description: cell('description'),
    socialLinks,
    contacts,
    source: { kind: 'import', ref: `${options.sourceRef}#row${row}`, evidence: { file: options.sourceRef, row } },
  };
  return { candidate };
}

/**
 * Reads a CSV of leads with a column mapping. Every row either becomes a candidate or is rejected
 * with the reasons a person needs to fix it; a file that is not CSV, or too big, throws `Invalid`.
 * It pauses every few milliseconds, so a big file does not hold up other requests.
 */
export async function parseLeadCsv(text: string, options: LeadImportOptions): Promise<LeadImportResult> {
  const maxRows = options.maxRows ?? LEAD_IMPORT_MAX_ROWS;
  if (lineBreaks(text) > maxRows) await refuseTooManyRows(text, maxRows);
  const result: LeadImportResult = { headers: [], candidates: [], rejected: [] };
  const reader = new LeadRowReader(options);
  await forEachCsvRecord(text, { skipEmpty: false }, (record) => {
    const parsed = reader.read(record);
    if (parsed === null) return;
    if ('candidate' in parsed) result.candidates.push(parsed);
    else result.rejected.push(parsed);
  });
  result.headers = reader.finish();
  return result;
}

/**
 * The same rules for a file that arrives in pieces (read back from storage by the import job): each
 * row goes to `onRow` as soon as it is read, nothing is kept, and a file with more than `maxRows`
 * rows is refused when its first row past the limit is read. Returns the header row.
 */
export async function readLeadCsv(
  pieces: AsyncIterable<string>,
  options: LeadImportOptions,
  onRow: (row: ParsedLeadRow) => void | Promise<void>,
): Promise<{ headers: string[] }> {
  const reader = new LeadRowReader(options);
  await forEachCsvRecordIn(pieces, { skipEmpty: false }, (record) => {
    const parsed = reader.read(record);
    return parsed === null ? undefined : onRow(parsed);
  });
  return { headers: reader.finish() };
}

/** Turns records into rows: the first is the header (checked against the mapping), blank ones are skipped. */
class LeadRowReader {
  readonly #options: LeadImportOptions;
  readonly #fallbackCountry: CountryCode | null;
  readonly #maxRows: number;
  #headers: string[] = [];
  // Empty lines are counted (and skipped) so row numbers match what a spreadsheet shows.
  #row = 0;

  constructor(options: LeadImportOptions) {
    this.#options = options;
    this.#fallbackCountry = countryCode(options.defaultCountry);
    this.#maxRows = options.maxRows ?? LEAD_IMPORT_MAX_ROWS;
  }

  read(record: string[]): ParsedLeadRow | null {
    this.#row += 1;
    const row = this.#row;
    if (row === 1) {
      refuseEmptyHeader(record);
      checkLeadImportMapping(this.#options.mapping, record);
      this.#headers = record;
      return null;
    }
    if (row - 1 > this.#maxRows) throw tooManyRows(this.#maxRows);
    if (record.every((value) => value === '')) return null;
    const mapping = this.#options.mapping;
    const cell = (field: LeadImportField): string | null => {
      const column = mapping[field];
      return column === undefined ? null : cleanText(record[column]);
    };
    const parsed = parseRow(cell, row, this.#options, this.#fallbackCountry);
    return 'candidate' in parsed ? { row, candidate: parsed.candidate } : { row, reasons: parsed.reasons };
  }

  /** The header row; refuses a file that had none. */
  finish(): string[] {
    if (this.#row === 0) refuseEmptyHeader([]);
    return this.#headers;
  }
}

function tooManyRows(maxRows: number): Invalid {
  return new Invalid(`This file has more than ${formatNumber(maxRows)} rows. Split it into smaller files.`);
}

function refuseEmptyHeader(headers: string[]): void {
  if (headers.length === 0 || headers.every((header) => header === '')) throw new Invalid('This file is empty: it has no header row.');
}

/** Line breaks in the text: more records than this there cannot be (a quoted cell may hold some). */
function lineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/**
 * A file that may be too big is counted before any row is read, so it is refused without the cost
 * of reading its rows; one record past the limit is enough to know.
 */
async function refuseTooManyRows(text: string, maxRows: number): Promise<void> {
  let records = 0;
  await forEachCsvRecord(text, { to: maxRows + 2, skipEmpty: false }, (record) => {
    records += 1;
    if (records === 1) refuseEmptyHeader(record);
  });
  if (records - 1 > maxRows) throw tooManyRows(maxRows);
}
