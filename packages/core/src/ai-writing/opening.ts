/**
 * The email's text with the AI-written opening as its first paragraph after the greeting ("Hi Ann,"),
 * or at the top when the template has no greeting line.
 */
export function withOpening(text: string, opening: string): string {
  const trimmed = opening.trim();
  if (!trimmed) return text;
  const [first, ...rest] = text.split('\n\n');
  const isGreeting = first !== undefined && !first.includes('\n') && first.length <= 60 && /[,!:]$/.test(first.trim());
  return isGreeting ? [first, trimmed, ...rest].join('\n\n') : `${trimmed}\n\n${text}`;
}
