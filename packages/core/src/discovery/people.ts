import { cleanText, type Cheerio, type CheerioAPI, type DomNode } from './dom.ts';

// Headings that look like two capitalised words but name a section, not a person.
const SECTION_WORDS = /\b(contact|us|our|hours|visit|about|team|office|email|call|get|touch|info|support|sales|service|services|location|locations|customer|general|enquiries|inquiries|find|opening|the|and|for|bakery|plumbing|dental|electric)\b/i;
const PERSON_NAME = /^(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-ZÀ-Ý][\p{L}'’.-]+(?:\s+[A-ZÀ-Ý][\p{L}'’.-]+){1,3}$/u;

/**
 * The person a mailto link belongs to on a team page: a name-like heading and a short role in the
 * same card. Null when the link is not in a card of its own (a footer address).
 */
export function personNear($: CheerioAPI, link: Cheerio<DomNode>): { name: string; role: string | null } | null {
  let card = link.parent();
  for (let depth = 0; depth < 3 && card.length > 0 && !card.is('body'); depth += 1, card = card.parent()) {
    if (card.find('a[href^="mailto:"],a[href^="MAILTO:"]').length > 1) return null;
    const name = card
      .find('h2,h3,h4,h5,h6,strong,b,[class*="name"]')
      .toArray()
      .map((element) => cleanText($(element).text()))
      .find((text): text is string => text !== null && PERSON_NAME.test(text) && !SECTION_WORDS.test(text));
    if (!name) continue;
    const role =
      card
        .find('[class*="role"],[class*="title"],[class*="position"],em,small,p,span')
        .toArray()
        .map((element) => cleanText($(element).text()))
        .find((text): text is string => text !== null && text !== name && text.length <= 60 && !/[@\d]/.test(text) && !text.includes(name)) ?? null;
    return { name, role };
  }
  return null;
}
