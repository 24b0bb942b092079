import type { CheerioAPI } from './dom.ts';

// Elements that start a new line when rendered, so words either side are not glued together.
const BLOCK_ELEMENTS = 'p,div,li,ul,ol,dl,dt,dd,h1,h2,h3,h4,h5,h6,section,article,aside,header,footer,nav,main,address,table,tr,td,th,form,label,blockquote,pre,figure,figcaption,option';

/**
 * The text a visitor sees, in reading order, with block boundaries as line breaks. Mutates the
 * document (drops invisible parts, undoes right-to-left reversal), so call it after anything that
 * needs the original markup.
 */
export function visibleText($: CheerioAPI): string {
  $('script,style,noscript,template,head,svg,iframe').remove();
  // Decoys hidden with inline styles ("info@<span style="display:none">x</span>acme.com").
  $('[hidden],[style]')
    .filter((_, element) => element.attribs.hidden !== undefined || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(element.attribs.style ?? ''))
    .remove();
  // "moc.emca@ofni" shown the right way round by `direction: rtl; unicode-bidi: bidi-override`.
  $('[style]')
    .filter((_, element) => /unicode-bidi\s*:\s*bidi-override/i.test(element.attribs.style ?? '') && /direction\s*:\s*rtl/i.test(element.attribs.style ?? ''))
    .each((_, element) => {
      $(element).text([...$(element).text()].reverse().join(''));
    });
  $('br').replaceWith('\n');
  $(BLOCK_ELEMENTS).prepend('\n').append('\n');
  return $('body')
    .text()
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n[\n ]*/g, '\n')
    .trim();
}
