// Its own entry point, '@switchboard/core/templates': liquidjs stays out of the browser bundle.
// The allow-listed fields (no liquidjs) are also in the core index for the sequence editor.
export * from './fields.ts';
export { renderContactForm, renderEmail, templateScope, type ContactFormTemplate, type EmailTemplate, type RenderedEmail } from './render.ts';
export { lintTemplate } from './lint.ts';
export { describeStepLint, lintSequence, type StepLint } from './lint-sequence.ts';
export { contactNameParts, type ContactNameParts } from './contact-name.ts';
export { templateContextOf, type TemplateContact, type TemplateLead, type TemplateMailbox } from './context.ts';
export { escapeHtml, htmlFromText } from './html.ts';
