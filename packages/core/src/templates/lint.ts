import { renderingLiquid, strictLiquid } from './engine.ts';
import { TEMPLATE_OBJECT_FIELDS, TEMPLATE_VARIABLES, type TemplateProblem } from './fields.ts';
import { templateScope, type EmailTemplate } from './render.ts';

type Part = TemplateProblem['part'];

// Liquid's messages end with ", line:2, col:3"; the line is reported on its own.
const POSITION_SUFFIX = /,? line:\d+, col:\d+$/;

function positionOf(error: unknown): { line?: number; column?: number } {
  const token = (error as { token?: { getPosition?: () => [number, number] } }).token;
  const position = token?.getPosition?.();
  return position ? { line: position[0], column: position[1] } : {};
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(POSITION_SUFFIX, '');
}

function withLine(message: string, line: number | undefined): string {
  return line === undefined ? message : `Line ${line}: ${message}`;
}

/** Each variable path used, as segments: ["contact", "first_name"]. Null when the part does not parse. */
function variablePaths(source: string, part: Part, problems: TemplateProblem[]): string[][] | null {
  try {
    return strictLiquid.globalVariableSegmentsSync(source).map((segments) => segments.map(String));
  } catch (error) {
    const position = positionOf(error);
    problems.push({ code: 'syntax_error', part, message: withLine(describe(error), position.line), ...position });
    return null;
  }
}

// `lead.name.size` is Liquid's own property of a string (`first` and `last` are for lists, which no field is).
const LIQUID_PROPERTIES = ['size'];

function isAllowed(path: readonly string[]): boolean {
  const variable = TEMPLATE_VARIABLES.find((allowed) => path.join('.') === allowed || path.join('.').startsWith(`${allowed}.`));
  if (!variable) return false;
  const rest = path.slice(variable.split('.').length);
  return rest.length === 0 || (rest.length === 1 && LIQUID_PROPERTIES.includes(rest[0] ?? ''));
}

const uses = (paths: readonly string[][], variable: string) => paths.some((path) => path.join('.') === variable);

// Every field filled, so a strict render fails only on what the template itself does wrong.
const SAMPLE_CONTEXT: Record<string, unknown> = {
  ...Object.fromEntries(Object.entries(TEMPLATE_OBJECT_FIELDS).map(([object, fields]) => [object, Object.fromEntries(fields.map((field) => [field, 'sample']))])),
  unsubscribe_url: 'https://example.com/u/sample',
};

function renderStrict(source: string, part: Part, scope: Record<string, unknown>, problems: TemplateProblem[]): void {
  try {
    strictLiquid.parseAndRenderSync(source, scope);
  } catch (error) {
    const position = positionOf(error);
    problems.push({ code: 'render_error', part, message: withLine(describe(error), position.line), ...position });
  }
}

/**
 * What stops a template from going out, in words the editor can show: syntax errors with their
 * line, variables outside the allow-list, a body without the unsubscribe link or the postal address,
 * an empty subject. An empty list means it can be sent.
 */
export function lintTemplate(template: EmailTemplate, options: { channel?: 'email' | 'form' } = {}): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  // A form message carries no unsubscribe link or postal footer (nothing is on a mailing list), and
  // its subject is optional: many forms have no subject box.
  const email = (options.channel ?? 'email') === 'email';
  if (email && template.subject.trim() === '') problems.push({ code: 'empty_subject', part: 'subject', message: 'Write a subject' });

  for (const part of ['subject', 'body'] as const) {
    const paths = variablePaths(template[part], part, problems);
    if (!paths) continue;
    const unknown = [...new Set(paths.filter((path) => !isAllowed(path)).map((path) => path.join('.')))];
    for (const variable of unknown) {
      problems.push({ code: 'unknown_variable', part, message: `Unknown variable {{ ${variable} }}: use one of ${TEMPLATE_VARIABLES.join(', ')}` });
    }
    if (part === 'body' && email) {
      if (!uses(paths, 'unsubscribe_url')) problems.push({ code: 'missing_unsubscribe_link', part, message: 'Add the unsubscribe link: {{ unsubscribe_url }}' });
      if (!uses(paths, 'mailbox.postal_address')) {
        problems.push({ code: 'missing_postal_address', part, message: 'Add the postal address: {{ mailbox.postal_address }}' });
      }
    }
    if (unknown.length === 0) renderStrict(template[part], part, SAMPLE_CONTEXT, problems);
  }

  // A subject made only of fields can come out empty for a lead who lacks them.
  if (email && !problems.some((problem) => problem.part === 'subject')) {
    const blank = templateScope({ lead: {}, contact: {}, mailbox: {}, unsubscribe_url: '' });
    try {
      if (String(renderingLiquid.parseAndRenderSync(template.subject, blank)).trim() === '') {
        problems.push({ code: 'empty_subject', part: 'subject', message: 'The subject is empty for a lead without these fields: add text or a | default:' });
      }
    } catch (error) {
      const position = positionOf(error);
      problems.push({ code: 'render_error', part: 'subject', message: withLine(describe(error), position.line), ...position });
    }
  }
  return problems;
}
