import { CATEGORIES } from './catalog.ts';
import type { PhoneFormat, SandboxBusiness, SitePlan } from './generate.ts';

export interface SiteResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Held back this long before answering (the slow pages). */
  delayMs: number;
}

const HTML = { 'content-type': 'text/html; charset=utf-8' };

/** Where the sites' contact forms post to (the world records each submission there). */
export const CONTACT_FORM_ACTION = '/contact-submit';
const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/** What one of the world's websites answers for `path`, with its failures and quirks. */
export function renderSitePath(site: SitePlan, business: SandboxBusiness, path: string, slowPageMs: number): SiteResponse {
  const respond = (status: number, body: string, headers: Record<string, string> = HTML, delayMs = 0): SiteResponse => ({ status, headers, body, delayMs });
  if (path === '/robots.txt') {
    const robots = robotsTxt(site);
    return robots === null ? respond(404, notFoundPage(site), HTML) : respond(200, robots, TEXT);
  }
  if (site.outcome === 'not_found') return respond(404, notFoundPage(site));
  if (site.outcome === 'server_error') return respond(500, databaseErrorPage());
  if (path === '/assets/site.css') return respond(200, 'body{font-family:system-ui;margin:0}.hidden{display:none}', { 'content-type': 'text/css' });

  const page = pageFor(site, path);
  if (!page) return respond(404, notFoundPage(site));
  if (page === 'redirect') return { status: 301, headers: { location: '/home/', ...HTML }, body: '', delayMs: 0 };
  const slow = (site.outcome === 'timeout' && page === 'home') || (site.quirks.includes('slow_subpage') && page === 'about');
  return respond(200, renderPage(site, business, page), HTML, slow ? slowPageMs : 0);
}

type PageName = 'home' | 'contact' | 'about' | 'team' | 'impressum' | 'services' | 'blog' | 'post' | 'privacy' | 'thanks';

function pageFor(site: SitePlan, path: string): PageName | 'redirect' | null {
  const clean = path.replace(/\/+$/, '') || '/';
  const redirects = site.quirks.includes('redirect_home');
  if (clean === '/') return redirects ? 'redirect' : 'home';
  if (clean === '/home' && redirects) return 'home';
  const named: [string | null, PageName][] = [
    [site.paths.contact, 'contact'],
    [site.paths.about, 'about'],
    [site.paths.team, 'team'],
    [site.paths.impressum, 'impressum'],
    ['/services', 'services'],
    ['/blog', 'blog'],
    [`/blog/${BLOG_POST_SLUG}`, 'post'],
    ['/privacy', 'privacy'],
    ...(site.contactForm ? ([[CONTACT_FORM_ACTION, 'thanks']] as [string, PageName][]) : []),
  ];
  return named.find(([known]) => known !== null && known.replace(/\/+$/, '') === clean)?.[1] ?? null;
}

const BLOG_POST_SLUG = 'five-signs-its-time-to-call-a-pro';

function robotsTxt(site: SitePlan): string | null {
  if (site.quirks.includes('no_robots_txt') || site.outcome === 'server_error' || site.outcome === 'not_found') return null;
  const sitemap = `\nSitemap: http://${site.host}/sitemap.xml\n`;
  if (site.outcome === 'robots_disallowed') {
    // One site shuts out every crawler, the other only Switchboard's.
    return site.slug.length % 2 === 0
      ? `User-agent: *\nDisallow: /\n${sitemap}`
      : `User-agent: Googlebot\nAllow: /\n\nUser-agent: SwitchboardBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n${sitemap}`;
  }
  const lines = ['User-agent: *', 'Disallow: /wp-admin/', 'Allow: /wp-admin/admin-ajax.php'];
  if (site.quirks.includes('team_disallowed') && site.paths.team) lines.push(`Disallow: ${site.paths.team.replace(/\/$/, '')}`);
  if (site.quirks.includes('crawl_delay')) lines.push('Crawl-delay: 0.5');
  return `${lines.join('\n')}\n${sitemap}`;
}

function renderPage(site: SitePlan, business: SandboxBusiness, page: PageName): string {
  const german = site.lang === 'de-DE';
  const titles: Record<PageName, string> = {
    home: `${business.name} | ${site.tagline}`,
    contact: german ? `Kontakt - ${business.name}` : `Contact Us | ${business.name}`,
    about: german ? `Über uns - ${business.name}` : `About | ${business.name}`,
    team: `Our Team | ${business.name}`,
    impressum: `Impressum - ${business.name}`,
    services: `Services | ${business.name}`,
    blog: `Blog | ${business.name}`,
    post: `5 signs it's time to call a pro | ${business.name}`,
    privacy: `Privacy Policy | ${business.name}`,
    thanks: german ? `Danke - ${business.name}` : `Thank you | ${business.name}`,
  };
  const bodies: Record<PageName, () => string> = {
    home: () => homeBody(site, business),
    contact: () => contactBody(site, business),
    about: () => `<h1>${german ? 'Über uns' : `About ${esc(business.name)}`}</h1>\n<p>${esc(site.story)}</p>`,
    team: () => teamBody(site),
    impressum: () => impressumBody(site, business),
    services: () => `<h1>Services</h1><ul>${site.services.map((service) => `<li>${esc(service)}</li>`).join('')}</ul>`,
    blog: () => `<h1>Blog</h1><article><h2><a href="/blog/${BLOG_POST_SLUG}">5 signs it's time to call a pro</a></h2><p>Posted in News</p></article>`,
    post: () =>
      `<article><h1>5 signs it's time to call a pro</h1><p>Some jobs are best left to people who do them every day. Here is how to tell.</p>` +
      `<p>Share: <a href="https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2F${site.host}%2Fblog">Facebook</a> ` +
      `<a href="https://twitter.com/intent/tweet?text=5%20signs">X</a> <a href="https://www.linkedin.com/shareArticle?mini=true">LinkedIn</a></p></article>`,
    thanks: () => `<h1>${german ? 'Vielen Dank!' : 'Thank you!'}</h1><p class="form-thanks">${german ? 'Ihre Nachricht ist angekommen.' : 'Your message has been received. We will be in touch.'}</p>`,
    privacy: () => `<h1>Privacy Policy</h1><p>We only use the details you send us to answer you. Questions about your data? Use our contact page.</p>`,
  };
  return layout(site, business, { title: titles[page], main: bodies[page](), page });
}

function layout(site: SitePlan, business: SandboxBusiness, content: { title: string; main: string; page: PageName }): string {
  const german = site.lang === 'de-DE';
  const home = site.quirks.includes('redirect_home') ? '/home/' : '/';
  const nav = [
    [home, german ? 'Startseite' : 'Home'],
    ['/services', german ? 'Leistungen' : 'Services'],
    [site.paths.about, german ? 'Über uns' : 'About'],
    ...(site.paths.team ? [[site.paths.team, 'Our Team']] : []),
    ['/blog', 'Blog'],
    [site.paths.contact, german ? 'Kontakt' : 'Contact'],
    ...(site.paths.impressum ? [[site.paths.impressum, 'Impressum']] : []),
  ] as [string, string][];
  const navHtml = nav.map(([href, label]) => `<li class="menu-item"><a href="${href}">${esc(label)}</a></li>`).join('');
  const description = content.page === 'home' && site.metaDescription ? `<meta name="description" content="${esc(`${business.name}: ${site.tagline}. ${site.services.slice(0, 2).join(', ')}.`)}">` : '';
  const generator = site.layout === 'wordpress' ? '<meta name="generator" content="WordPress 6.5.2">' : site.layout === 'squarespace' ? '<!-- This is Squarespace. -->' : '';
  const siteName = site.layout !== 'handmade' ? `<meta property="og:site_name" content="${esc(business.name)}">` : '';
  const telLink = site.telLink ? `<a class="call" href="tel:${business.phone}">${german ? 'Jetzt anrufen' : 'Call now'}</a>` : '';
  return `<!DOCTYPE html>
<html lang="${site.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(content.title)}</title>
${description}
${siteName}
${generator}
<link rel="stylesheet" href="/assets/site.css">
${site.jsonLd ? jsonLd(site, business, content.page) : ''}
</head>
<body class="${site.layout} page-${content.page}">
<header class="site-header"><a class="logo" href="${home}"><img src="/images/logo.png" srcset="/images/logo@2x.png 2x" alt="${esc(business.name)}"></a>
<nav><ul class="menu">${navHtml}</ul></nav>${telLink}</header>
<main>
${content.main}
</main>
${footer(site, business)}
</body>
</html>`;
}

function homeBody(site: SitePlan, business: SandboxBusiness): string {
  const german = site.lang === 'de-DE';
  return `<section class="hero"><h1>${esc(business.name)}</h1><p class="tagline">${esc(site.tagline)}</p>
<img src="/images/hero.jpg" alt="">
<p>${esc(site.story)}</p></section>
<section class="services"><h2>${german ? 'Leistungen' : 'What we do'}</h2><ul>${site.services.map((service) => `<li>${esc(service)}</li>`).join('')}</ul></section>
<p><a href="${site.paths.contact}">${german ? 'Kontakt aufnehmen' : 'Get a free quote'}</a></p>`;
}

function contactBody(site: SitePlan, business: SandboxBusiness): string {
  const german = site.lang === 'de-DE';
  const parts = [`<h1>${german ? 'Kontakt' : 'Contact us'}</h1>`, `<p>${german ? 'Rufen Sie uns an' : 'Call us'}: ${formatPhone(business.phone, site.phoneFormat)}</p>`];
  if (site.fax) parts.push(`<p>Fax: ${formatPhone(site.fax, site.phoneFormat)}</p>`);
  if (!german) parts.push(emailMarkup(site));
  parts.push(`<address>${esc(business.street)}<br>${esc(business.city)}, ${esc(business.region)} ${esc(business.postalCode)}</address>`);
  if (site.contactForm) parts.push(contactForm(site));
  return parts.join('\n');
}

function impressumBody(site: SitePlan, business: SandboxBusiness): string {
  return `<h1>Impressum</h1>
<p>Angaben gemäß § 5 TMG<br>${esc(business.listingName)}<br>${esc(business.street)}<br>${esc(business.postalCode)} ${esc(business.city)}</p>
<p>Telefon: ${formatPhone(business.phone, 'german')}<br>Telefon international: ${formatPhone(business.phone, 'international')}</p>
${emailMarkup(site)}
<p>Registergericht: Amtsgericht Charlottenburg<br>USt-IdNr.: DE${business.phone.slice(-9)}</p>`;
}

function teamBody(site: SitePlan): string {
  const cards = site.people
    .map((person) => `<div class="team-member"><img src="/images/${person.name.split(' ')[0]!.toLowerCase()}.jpg" alt=""><h3>${esc(person.name)}</h3><p class="role">${esc(person.role)}</p><a href="mailto:${person.email}">Email ${esc(person.name.split(' ')[0]!)}</a></div>`)
    .join('\n');
  return `<h1>Meet the team</h1>\n<div class="team-grid">\n${cards}\n</div>`;
}

/** The main address in the site's chosen disguise. */
function emailMarkup(site: SitePlan): string {
  const email = site.email;
  if (!email || site.emailStyle === 'footer_text' || site.emailStyle === 'json_ld') return '';
  const [local, domain] = email.split('@') as [string, string];
  const label = site.lang === 'de-DE' ? 'E-Mail' : 'Email';
  switch (site.emailStyle) {
    case 'mailto':
    case 'gmail':
      return `<p>${label}: <a href="mailto:${email}?subject=Website%20enquiry">${email}</a></p>`;
    case 'bracket_at':
      return `<p>${label}: ${local} [at] ${domain.replace(/\./g, ' [dot] ')}</p>`;
    case 'paren_at':
      return `<p>${label}: ${local}(at)${site.lang === 'de-DE' ? domain.replace(/\./g, '(punkt)') : domain}</p>`;
    case 'words_at':
      return `<p>Write to ${local} at ${domain.replace(/\./g, ' dot ')} and we will reply within a day.</p>`;
    case 'entities':
      return `<p>${label}: ${[...email].map((character) => `&#${character.codePointAt(0)};`).join('')}</p>`;
    case 'cloudflare': {
      const hex = cloudflareHex(email, 0x4d);
      return `<p>${label}: <a href="/cdn-cgi/l/email-protection#${hex}"><span class="__cf_email__" data-cfemail="${hex}">[email&#160;protected]</span></a></p>`;
    }
    case 'script':
      // Assembled in the browser: the address is nowhere in the HTML the server sends.
      return `<p>${label}: <span id="email-slot">Please enable JavaScript to see our email address.</span></p>
<script>(function(){var u=${JSON.stringify(local)},d=${JSON.stringify(domain)};var a=document.createElement('a');a.href='mailto:'+u+String.fromCharCode(64)+d;a.textContent=u+String.fromCharCode(64)+d;var s=document.getElementById('email-slot');s.textContent='';s.appendChild(a);})();</script>`;
    default:
      return '';
  }
}

function contactForm(site: SitePlan): string {
  const german = site.lang === 'de-DE';
  // Three markup habits: label[for], wrapping labels, and placeholders only.
  const variant = site.slug.length % 3;
  const field = (name: string, type: string, label: string, required: boolean) => {
    const requiredAttr = required ? ' required' : '';
    const input = type === 'textarea' ? `<textarea id="f-${name}" name="${name}"${requiredAttr}></textarea>` : `<input id="f-${name}" type="${type}" name="${name}"${requiredAttr}>`;
    if (variant === 0) return `<p><label for="f-${name}">${label}${required ? ' *' : ''}</label>${input}</p>`;
    if (variant === 1) return `<p><label>${label} ${input}</label></p>`;
    return `<p>${input.replace(/(<(?:input|textarea))/, `$1 placeholder="${label}"`)}</p>`;
  };
  return `<form class="contact-form" action="${CONTACT_FORM_ACTION}" method="post">
${field('name', 'text', german ? 'Name' : 'Your name', true)}
${field('email', 'email', german ? 'E-Mail' : 'Email', true)}
${field('phone', 'tel', german ? 'Telefon' : 'Phone', false)}
${field('message', 'textarea', german ? 'Nachricht' : 'How can we help?', true)}
<div style="display:none"><input type="text" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">${german ? 'Senden' : 'Send message'}</button>
</form>`;
}

function footer(site: SitePlan, business: SandboxBusiness): string {
  const german = site.lang === 'de-DE';
  const social = site.socialLinks.map((link) => `<a href="${socialHref(link)}">${socialLabel(link)}</a>`).join(' ');
  const newsletter = site.newsletter
    ? `<form class="newsletter" action="https://list.sandbox-mail.invalid/subscribe" method="post"><label for="nl-email">${german ? 'Newsletter' : 'Get our newsletter'}</label><input id="nl-email" type="email" name="EMAIL"><button>${german ? 'Abonnieren' : 'Subscribe'}</button></form>`
    : '';
  const email = site.emailStyle === 'footer_text' && site.email ? `<p>Email: ${site.email}</p>` : '';
  return `<footer class="site-footer">
<p>${esc(business.name)} · ${esc(business.street)}, ${esc(business.city)} · ${formatPhone(business.phone, site.phoneFormat)}</p>
${email}
<p class="social">${social}</p>
${newsletter}
<p><a href="/privacy">${german ? 'Datenschutz' : 'Privacy'}</a> · © ${esc(business.name)}</p>
</footer>`;
}

function jsonLd(site: SitePlan, business: SandboxBusiness, page: PageName): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': CATEGORIES[business.category].label,
    name: business.name,
    url: `http://${site.host}/`,
    telephone: formatPhone(business.phone, site.phoneFormat),
    image: `http://${site.host}/images/logo@2x.png`,
    address: { '@type': 'PostalAddress', streetAddress: business.street, addressLocality: business.city, addressRegion: business.region, postalCode: business.postalCode, addressCountry: business.country },
    ...(site.emailStyle === 'json_ld' && page === 'home' && site.email ? { email: site.email } : {}),
  };
  return `<script type="application/ld+json">${JSON.stringify(data)}</script>`;
}

/** A number the way people write it on their sites. */
export function formatPhone(e164: string, format: PhoneFormat): string {
  if (e164.startsWith('+49')) {
    const area = e164.slice(3, 5);
    const rest = e164.slice(5);
    return format === 'international' ? `+49 ${area} ${rest.slice(0, 4)} ${rest.slice(4)}` : `0${area} ${rest}`;
  }
  const [area, exchange, line] = [e164.slice(2, 5), e164.slice(5, 8), e164.slice(8)];
  switch (format) {
    case 'parens':
      return `(${area}) ${exchange}-${line}`;
    case 'dots':
      return `${area}.${exchange}.${line}`;
    case 'dashes':
      return `${area}-${exchange}-${line}`;
    default:
      return `+1 ${area} ${exchange} ${line}`;
  }
}

function socialHref(canonical: string): string {
  const url = new URL(canonical);
  // Sites link to "www." and add trailing slashes or tracking; the scraper should see through that.
  if (url.hostname === 'instagram.com') return `${canonical}/?utm_source=ig_web_button_share_sheet`;
  if (url.hostname === 'facebook.com' || url.hostname === 'linkedin.com') return `https://www.${url.hostname}${url.pathname}/`;
  return `https://www.${url.hostname}${url.pathname}`;
}

function socialLabel(canonical: string): string {
  return new URL(canonical).hostname.split('.')[0]!.replace(/^./, (first) => first.toUpperCase());
}

function cloudflareHex(email: string, key: number): string {
  return [key, ...[...email].map((character) => character.charCodeAt(0) ^ key)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function notFoundPage(site: SitePlan): string {
  return `<!DOCTYPE html><html lang="en"><head><title>Page not found</title></head><body><h1>404 – Page not found</h1><p>Nothing lives at this address on ${esc(site.host)} any more.</p></body></html>`;
}

function databaseErrorPage(): string {
  return `<!DOCTYPE html><html><head><title>Database Error</title></head><body><h1>Error establishing a database connection</h1></body></html>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The world's own page listing the contact form submissions its sites received, newest first. */
export function formSubmissionsPage(submissions: readonly { host: string; fields: Record<string, string>; at: Date }[]): string {
  const rows = [...submissions]
    .reverse()
    .map(
      (submission) =>
        `<tr><td>${esc(submission.at.toISOString())}</td><td>${esc(submission.host)}</td><td><dl>${Object.entries(submission.fields)
          .map(([name, value]) => `<dt>${esc(name)}</dt><dd>${esc(value).replace(/\n/g, '<br>')}</dd>`)
          .join('')}</dl></td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sandbox: contact form submissions</title></head><body>
<p><strong>Sandbox</strong>: these are the local sandbox world's made-up websites. Nothing here reached a real business.</p>
<h1>Contact form submissions received (${submissions.length})</h1>
${submissions.length === 0 ? '<p>None yet: a campaign\'s contact form step submits here in sandbox mode.</p>' : `<table><thead><tr><th>When</th><th>Site</th><th>Fields</th></tr></thead><tbody>\n${rows}\n</tbody></table>`}
</body></html>`;
}
