/**
 * Vapi's structured analysis as an operator reads it: each field's key in words ("meetingBooked" →
 * "Meeting booked"), yes/no for booleans, numbers as numbers, and nested data flattened to one short,
 * bounded line, so an odd or huge report cannot flood the call page.
 */

/** The longest value shown; the rest is cut with "…". */
export const MAX_ANALYSIS_VALUE_CHARS = 600;
/** Items of a list, and fields of a nested object, shown before "and N more". */
const MAX_ITEMS = 8;
/** Nesting shown before "…". */
const MAX_DEPTH = 2;

export type AnalysisFact = { label: string; value: string };

/** "meetingBooked", "meeting_booked" and "meeting-booked" all read "Meeting booked"; acronyms stay ("callbackURL" → "Callback URL"). */
export function analysisKeyInWords(key: string): string {
  const words = key
    .replace(/[_\-.]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => (word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()));
  const text = words.join(' ');
  return text ? text[0]!.toUpperCase() + text.slice(1) : key;
}

/** One analysis value as text: Yes/No, "1,250", the string itself, or a nested value on one bounded line. */
export function analysisValueInWords(value: unknown): string {
  const text = inWords(value, 0);
  return text.length > MAX_ANALYSIS_VALUE_CHARS ? `${text.slice(0, MAX_ANALYSIS_VALUE_CHARS - 1).trimEnd()}…` : text;
}

function inWords(value: unknown, depth: number): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(value);
  if (typeof value === 'string') return value.trim() === '' ? '—' : value;
  if (typeof value !== 'object') return String(value);
  if (depth >= MAX_DEPTH) return '…';
  // A nested object or list sits in brackets, so its fields read apart from its parent's.
  const nested = (item: unknown) => {
    const text = inWords(item, depth + 1);
    return item !== null && typeof item === 'object' && Object.keys(item).length > 0 && text !== '…' ? `(${text})` : text;
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return 'None';
    return withMore(value.slice(0, MAX_ITEMS).map(nested), value.length).join(', ');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '—';
  return withMore(
    entries.slice(0, MAX_ITEMS).map(([key, item]) => `${analysisKeyInWords(key)}: ${nested(item)}`),
    entries.length,
  ).join('; ');
}

function withMore(shown: string[], total: number): string[] {
  return total > shown.length ? [...shown, `and ${total - shown.length} more`] : shown;
}

/**
 * The facts the call page lists: each field of the structured data, then the success evaluation
 * (Vapi sends a pass/fail rubric's verdict as the text "true" or "false": shown as Yes/No).
 */
export function analysisFacts(analysis: Record<string, unknown> | null): AnalysisFact[] {
  const structured = analysis?.structuredData;
  const fields = structured && typeof structured === 'object' && !Array.isArray(structured) ? Object.entries(structured as Record<string, unknown>) : [];
  const facts = fields.map(([key, value]) => ({ label: analysisKeyInWords(key), value: analysisValueInWords(value) }));
  const success = analysis?.successEvaluation;
  if (success !== undefined && success !== null) {
    const verdict = success === 'true' ? true : success === 'false' ? false : success;
    facts.push({ label: 'Success evaluation', value: analysisValueInWords(verdict) });
  }
  return facts;
}
