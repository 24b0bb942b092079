// Bodies are written as plain text. The HTML part is that text with every character escaped, so no
// lead field (a scraped business name, say) can inject markup; only links and line breaks are added.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

// A URL ends at whitespace or a closing bracket; a trailing full stop or comma is the sentence's.
const URL = /\bhttps?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]/g;

function linkify(escapedLine: string): string {
  return escapedLine.replace(URL, (url) => `<a href="${url}">${url}</a>`);
}

/** The HTML part for a plain-text body: paragraphs at blank lines, <br> at single line breaks, links clickable. */
export function htmlFromText(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.split('\n').map((line) => linkify(escapeHtml(line))).join('<br>\n')}</p>`);
  return `<!doctype html>\n<html><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
}
