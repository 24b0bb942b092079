/** A whole number as messages to people show it: "2,000", not "2000" (en-US, like the rest of the product). */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}
