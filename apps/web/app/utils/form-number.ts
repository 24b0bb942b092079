/** A typed number field's value for an API input: blank or non-numeric becomes NaN, so the API's validation names the field and the problem. */
export function numberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
