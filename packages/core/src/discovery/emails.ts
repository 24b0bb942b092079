// Addresses in running text. Deliberately strict on the domain so "logo@2x.png" style matches are rare
// and the remaining ones are dropped by isPlausibleContactEmail.
const EMAIL_IN_TEXT = /[a-z0-9][a-z0-9._+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}(?![a-z0-9-])/gi;
const EMAIL_SHAPE = /^[a-z0-9][a-z0-9._+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.([a-z]{2,24})$/;

// Text after "@" that ends in a file type is an asset name ("hero@2x.png"), not an address.
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'bmp', 'tif', 'tiff', 'css', 'js', 'mjs', 'map', 'json', 'pdf', 'woff', 'woff2', 'ttf', 'mp4', 'webm', 'mov']);

// Top-level domains reserved for documentation and tests (RFC 2606): never a real mailbox.
const RESERVED_TLDS = new Set(['example', 'invalid']);
// Template placeholders and error-tracking endpoints that site builders leave in every page.
const IGNORED_DOMAINS = ['example.com', 'example.org', 'example.net', 'domain.com', 'yourdomain.com', 'yoursite.com', 'mysite.com', 'email.com', 'sentry.io', 'wixpress.com', 'sentry-next.wixpress.com'];
const IGNORED_LOCAL_PARTS = new Set(['name', 'your.name', 'yourname', 'you', 'your', 'user', 'username', 'email', 'firstname.lastname', 'john.doe', 'jane.doe']);

/** Whether an address found on a page is worth keeping as a contact: no assets, placeholders or trackers. */
export function isPlausibleContactEmail(email: string): boolean {
  const lower = email.toLowerCase();
  const match = EMAIL_SHAPE.exec(lower);
  if (!match || lower.length > 254 || lower.includes('..')) return false;
  if (FILE_EXTENSIONS.has(match[1]!) || RESERVED_TLDS.has(match[1]!)) return false;
  const at = lower.lastIndexOf('@');
  const local = lower.slice(0, at);
  const domain = lower.slice(at + 1);
  if (local.endsWith('.') || IGNORED_LOCAL_PARTS.has(local)) return false;
  if (IGNORED_DOMAINS.some((ignored) => domain === ignored || domain.endsWith(`.${ignored}`))) return false;
  // Long hex local parts are tracking keys (Sentry DSNs and the like), not mailboxes.
  if (/^[0-9a-f]{16,}$/.test(local)) return false;
  return true;
}

/** Plain addresses in text, lower-cased, plausible ones only, in order of first appearance. */
export function findEmails(text: string): string[] {
  return unique([...text.matchAll(EMAIL_IN_TEXT)].map((match) => match[0].toLowerCase()).filter(isPlausibleContactEmail));
}

const OPEN = String.raw`[\[({<]`;
const CLOSE = String.raw`[\])}>]`;
const AT_TOKEN = String.raw`(?:\s*${OPEN}\s*(?:at|@)\s*${CLOSE}\s*)`;
const DOT_TOKEN = String.raw`(?:\s*${OPEN}\s*(?:dot|punkt|point|\.)\s*${CLOSE}\s*|\s+dot\s+)`;
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const LOCAL = '[a-z0-9][a-z0-9._+-]*';

const OBFUSCATIONS = [
  // name [at] domain [dot] com · name(at)domain.com · name {at} domain (dot) co (dot) uk
  new RegExp(`(${LOCAL})${AT_TOKEN}(${LABEL}(?:(?:${DOT_TOKEN}|\\.)${LABEL})+)`, 'gi'),
  // name at domain dot com (plain words: "dot" must be spelled out, or "order online at acme.com" would match)
  new RegExp(`(?<![a-z0-9._+-])(${LOCAL})\\s+at\\s+(${LABEL}(?:${DOT_TOKEN}${LABEL})+)(?![a-z0-9-])`, 'gi'),
  // name@domain[dot]com
  new RegExp(`(${LOCAL})@(${LABEL}(?:${DOT_TOKEN}${LABEL})+)`, 'gi'),
];

// Words that precede " at " in ordinary sentences ("find us at …"), never mailbox names.
const SENTENCE_WORDS = new Set(['us', 'we', 'me', 'you', 'is', 'are', 'am', 'be', 'open', 'located', 'meet', 'find', 'visit', 'here', 'there', 'it', 'them', 'him', 'her', 'online', 'call', 'write', 'reach', 'or', 'and', 'the']);

/**
 * Addresses written to dodge harvesters: "name [at] domain [dot] com", "name(at)domain.com",
 * "name at domain dot com", "name@domain[dot]com", and HTML character references.
 */
export function deobfuscateEmails(text: string): string[] {
  const decoded = decodeCharacterReferences(text);
  const found: string[] = [];
  for (const pattern of OBFUSCATIONS) {
    for (const match of decoded.matchAll(pattern)) {
      const local = match[1]!.toLowerCase();
      if (SENTENCE_WORDS.has(local)) continue;
      const domain = match[2]!.replace(new RegExp(DOT_TOKEN, 'gi'), '.').replace(/\s+/g, '').toLowerCase();
      const email = `${local}@${domain}`;
      if (isPlausibleContactEmail(email)) found.push(email);
    }
  }
  // Addresses that only appear once character references are decoded were hidden on purpose too.
  const plain = new Set(findEmails(text));
  for (const email of findEmails(decoded)) if (!plain.has(email)) found.push(email);
  return unique(found);
}

/** Cloudflare's email protection: hex where the first byte is the XOR key for the rest. */
export function decodeCloudflareEmail(hex: string): string | null {
  if (!/^(?:[0-9a-f]{2}){2,}$/i.test(hex)) return null;
  const key = Number.parseInt(hex.slice(0, 2), 16);
  let email = '';
  for (let index = 2; index < hex.length; index += 2) email += String.fromCharCode(Number.parseInt(hex.slice(index, index + 2), 16) ^ key);
  return isPlausibleContactEmail(email) ? email.toLowerCase() : null;
}

/** Addresses from a mailto: link ("mailto:a@x.com,b@x.com?subject=Hi"), decoded and plausible only. */
export function emailsFromMailto(href: string): string[] {
  const withoutScheme = href.trim().replace(/^mailto:/i, '').split('?')[0]!;
  let decoded = withoutScheme;
  try {
    decoded = decodeURIComponent(withoutScheme);
  } catch {
    // A stray "%" in a hand-written link: the raw text is still worth reading.
  }
  return unique(
    decodeCharacterReferences(decoded)
      .split(/[,;]/)
      .map((part) => part.trim().toLowerCase())
      .filter(isPlausibleContactEmail),
  );
}

const NAMED_REFERENCES: Record<string, string> = { commat: '@', period: '.', amp: '&', nbsp: ' ', lt: '<', gt: '>', quot: '"', apos: "'", lsqb: '[', rsqb: ']', lpar: '(', rpar: ')' };

/** `&#64;`, `&#x40;` and the few named references address obfuscators use. */
function decodeCharacterReferences(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi, (whole, decimal?: string, hex?: string, name?: string) => {
    if (decimal) return safeCodePoint(Number.parseInt(decimal, 10)) ?? whole;
    if (hex) return safeCodePoint(Number.parseInt(hex, 16)) ?? whole;
    return NAMED_REFERENCES[name!.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number): string | null {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
