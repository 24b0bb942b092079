// Bodies are written as plain text. The HTML part is that text with every character escaped, so no
// lead field (a scraped business name, say) can inject markup; only links and line breaks are added.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

// A URL ends at whitespace, a quote or a closing bracket; a trailing full stop or comma is the sentence's.
const URL = /\bhttps?:\/\/[^\s<>"'`)\]]*[^\s<>"'`)\].,;:!?]/g;

// A link's text is its URL: an unsubscribe link with its token is longer than a phone is wide, and mail
// apps do not break a URL on their own. Inline, because many mail apps drop <style> blocks.
const LINK_STYLE = 'word-break:break-all;overflow-wrap:anywhere';

// Found in the raw text, then escaped piece by piece, so an escaped quote never ends up inside a link.
function linkify(line: string): string {
  let html = '';
  let last = 0;
  for (const match of line.matchAll(URL)) {
    const url = escapeHtml(match[0]);
    html += `${escapeHtml(line.slice(last, match.index))}<a href="${url}" style="${LINK_STYLE}">${url}</a>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(line.slice(last));
}

/** The HTML part for a plain-text body: paragraphs at blank lines, <br> at single line breaks, links clickable and wrapping. */
export function htmlFromText(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.split('\n').map(linkify).join('<br>\n')}</p>`);
  return `<!doctype html>\n<html><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
}
