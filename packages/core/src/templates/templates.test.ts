import { describe, expect, it } from 'vitest';
import { defaultSequence } from '../sequences/default.ts';
import { Invalid } from '../errors/index.ts';
import type { TemplateContext } from './fields.ts';
import { htmlFromText } from './html.ts';
import { lintTemplate } from './lint.ts';
import { renderEmail } from './render.ts';

const FOOTER = '{{ mailbox.postal_address }}\nUnsubscribe: {{ unsubscribe_url }}';
const context: TemplateContext = {
  lead: { name: 'Joe\'s <Plumbing> & Sons', city: 'Austin' },
  contact: { first_name: 'Ana', email: 'ana@joes.example' },
  mailbox: { sender_name: 'Sam', signature: 'Sam\nAcme', postal_address: '1 Main St, Austin TX' },
  unsubscribe_url: 'https://app.example/u/tok_123?x=1&y=2',
};
const codes = (subject: string, body: string) => lintTemplate({ subject, body }).map((problem) => problem.code);

// Every link in the HTML part may break anywhere: mail apps do not wrap a long URL themselves.
const WRAP = ' style="word-break:break-all;overflow-wrap:anywhere"';

describe('renderEmail', () => {
  it('fills lead, contact and mailbox fields, with fallbacks', () => {
    const template = { subject: 'Hello {{ lead.name }}', body: `Hi {{ contact.first_name | default: "there" }},\n\n${FOOTER}` };
    const rendered = renderEmail(template, context);
    expect(rendered.subject).toBe("Hello Joe's <Plumbing> & Sons");
    expect(rendered.text).toBe('Hi Ana,\n\n1 Main St, Austin TX\nUnsubscribe: https://app.example/u/tok_123?x=1&y=2\n');
    expect(renderEmail(template, { ...context, contact: {} }).text).toMatch(/^Hi there,/);
    expect(renderEmail(template, { ...context, contact: { first_name: '' } }).text).toMatch(/^Hi there,/);
  });

  it('escapes every value in the HTML part and links the unsubscribe URL', () => {
    const rendered = renderEmail({ subject: 's', body: `About {{ lead.name }}: <b>literal</b>\n\n${FOOTER}` }, context);
    expect(rendered.html).toContain('About Joe&#39;s &lt;Plumbing&gt; &amp; Sons: &lt;b&gt;literal&lt;/b&gt;');
    expect(rendered.html).toContain(`<a href="https://app.example/u/tok_123?x=1&amp;y=2"${WRAP}>https://app.example/u/tok_123?x=1&amp;y=2</a>`);
    expect(rendered.html).not.toContain('<Plumbing>');
  });

  it('keeps the subject to one line, so a field cannot add a header', () => {
    const rendered = renderEmail({ subject: 'Hi {{ lead.name }}', body: FOOTER }, { ...context, lead: { name: 'A\r\nBcc: victim@example.com' } });
    expect(rendered.subject).toBe('Hi A Bcc: victim@example.com');
  });

  it('exposes only allow-listed fields, whatever else the objects carry', () => {
    const leaky = { ...context, lead: { ...context.lead, workspace_id: 'secret' } as TemplateContext['lead'] };
    expect(renderEmail({ subject: 's', body: '[{{ lead.workspace_id }}]' }, leaky).text).toBe('[]\n');
    expect(renderEmail({ subject: 's', body: '[{{ lead.constructor }}{{ lead.name.constructor }}]' }, context).text).toBe('[]\n');
  });

  it('renders a template it parsed once for every lead with that lead’s own fields, and a broken one fails every time', () => {
    const template = { subject: 'For {{ lead.name }}', body: `Hi {{ contact.first_name | default: "there" }} in {{ lead.city }}\n\n${FOOTER}` };
    const leads = ['Ann', 'Bo', 'Cy'].map((name, index) => renderEmail(template, { ...context, lead: { name, city: `City ${index}` }, contact: index === 1 ? {} : context.contact }));
    expect(leads.map((rendered) => rendered.subject)).toEqual(['For Ann', 'For Bo', 'For Cy']);
    expect(leads.map((rendered) => rendered.text.split('\n')[0])).toEqual(['Hi Ana in City 0', 'Hi there in City 1', 'Hi Ana in City 2']);
    const broken = { subject: 's', body: 'Hi {% if lead.name %}' };
    expect(() => renderEmail(broken, context)).toThrow(Invalid);
    expect(() => renderEmail(broken, context)).toThrow(Invalid);
  });

  it('refuses to read files or loop without end', () => {
    expect(() => renderEmail({ subject: 's', body: '{% include "/etc/passwd" %}' }, context)).toThrow(Invalid);
    expect(() => renderEmail({ subject: 's', body: '{% for i in (1..100000000) %}x{% endfor %}' }, context)).toThrow(/limit/);
  });
});

describe('htmlFromText', () => {
  it('keeps quotes around a link outside it, escaped', () => {
    expect(htmlFromText(`See 'https://a.example/?q=1&r=2' or "http://b.example".`)).toContain(
      `See &#39;<a href="https://a.example/?q=1&amp;r=2"${WRAP}>https://a.example/?q=1&amp;r=2</a>&#39; or &quot;<a href="http://b.example"${WRAP}>http://b.example</a>&quot;.`,
    );
  });


  it('makes paragraphs and line breaks, and leaves a sentence’s full stop outside a link', () => {
    expect(htmlFromText('One\ntwo\n\n\nSee https://a.example/x.')).toContain(`<p>One<br>\ntwo</p>\n<p>See <a href="https://a.example/x"${WRAP}>https://a.example/x</a>.</p>`);
  });

  it('lets a long link (the unsubscribe URL with its token) wrap on a narrow screen instead of running off it', () => {
    const url = `https://app.example/u/${'t'.repeat(120)}`;
    expect(htmlFromText(`Unsubscribe: ${url}`)).toContain(`<a href="${url}" style="word-break:break-all;overflow-wrap:anywhere">${url}</a>`);
  });
});

describe('lintTemplate', () => {
  it('passes the default sequence’s emails, which render for a lead with no details', () => {
    for (const step of defaultSequence().steps) if (step.type === 'email') expect(lintTemplate(step)).toEqual([]);
    const [first] = defaultSequence().steps;
    if (first?.type !== 'email') throw new Error('expected an email first');
    const bare = renderEmail(first, { lead: { name: 'Acme' }, contact: {}, mailbox: { postal_address: '1 Main St' }, unsubscribe_url: 'https://u.example/t' });
    expect(bare.text).toMatch(/^Hi there,\n\nI came across Acme and wanted/);
    expect(renderEmail(first, { ...context, lead: { name: 'Acme', city: 'Austin' } }).text).toContain('I came across Acme in Austin and');
  });

  it('allows Liquid’s size on a field, nothing deeper', () => {
    expect(codes('s', `{{ lead.name.size }}\n${FOOTER}`)).toEqual([]);
    expect(codes('s', `{{ lead.name.size.size }} {{ lead.name.length }} {{ contact.first_name.first }}\n${FOOTER}`)).toEqual([
      'unknown_variable',
      'unknown_variable',
      'unknown_variable',
    ]);
  });

  it('names unknown variables, wherever they are', () => {
    const problems = lintTemplate({ subject: 'Hi {{ lead.nme }}', body: `{% if contact.title %}x{% endif %}{{ secret }}\n${FOOTER}` });
    expect(problems.map((problem) => [problem.code, problem.part, problem.message.split(':')[0]])).toEqual([
      ['unknown_variable', 'subject', 'Unknown variable {{ lead.nme }}'],
      ['unknown_variable', 'body', 'Unknown variable {{ contact.title }}'],
      ['unknown_variable', 'body', 'Unknown variable {{ secret }}'],
    ]);
  });

  it('does not count loop and assigned variables as unknown', () => {
    expect(codes('s', `{% assign greeting = contact.first_name | default: "there" %}Hi {{ greeting }}\n${FOOTER}`)).toEqual([]);
  });

  it('asks for the unsubscribe link and the postal address', () => {
    expect(codes('s', 'Hello')).toEqual(['missing_unsubscribe_link', 'missing_postal_address']);
    // In the subject they do not count: the footer is in the body.
    expect(codes('Hi {{ unsubscribe_url }} {{ mailbox.postal_address }}', 'Hello')).toEqual(['missing_unsubscribe_link', 'missing_postal_address']);
  });

  it('reports syntax errors with their line', () => {
    const [problem] = lintTemplate({ subject: 's', body: `Hello\n\n{% if lead.city %}unclosed\n${FOOTER}` });
    expect(problem).toMatchObject({ code: 'syntax_error', part: 'body', line: 3, message: 'Line 3: tag {% if lead.city %} not closed' });
    expect(lintTemplate({ subject: 's', body: `x\n{{ lead.name | shout }}\n${FOOTER}` })[0]).toMatchObject({ code: 'syntax_error', line: 2 });
    expect(lintTemplate({ subject: 's', body: `{% include "x" %}\n${FOOTER}` })[0]?.message).toBe('Line 1: {% include %} is not available in email templates');
  });

  it('refuses an empty subject, or one that is empty for a lead without its fields', () => {
    expect(codes('  ', FOOTER)).toEqual(['empty_subject']);
    expect(codes('{{ contact.first_name }}', FOOTER)).toEqual(['empty_subject']);
    expect(codes('{{ contact.first_name | default: "Hello" }}', FOOTER)).toEqual([]);
  });

  it('renders in strict mode, so a variable that does not exist is caught before sending', () => {
    const [problem] = lintTemplate({ subject: 's', body: `x\n{% assign words = lead.name | split: " " %}{{ words.second }}\n${FOOTER}` });
    expect(problem).toMatchObject({ code: 'render_error', line: 2, message: 'Line 2: undefined variable: words.second' });
  });
});
