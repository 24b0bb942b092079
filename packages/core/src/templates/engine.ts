import { Liquid, type Template } from 'liquidjs';

// Templates are written by workspace members and rendered for thousands of leads: parse from strings
// only (no file system: include, render and layout are refused), no unknown filters, only own
// properties, and bounded parse size, render time and memory so one template cannot stall a worker.
const SAFE_OPTIONS = {
  templates: {},
  strictFilters: true,
  ownPropertyOnly: true,
  parseLimit: 200_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
} as const;

const REFUSED_TAGS = ['include', 'render', 'layout'] as const;

function safeLiquid(options: { strictVariables: boolean }): Liquid {
  const liquid = new Liquid({ ...SAFE_OPTIONS, strictVariables: options.strictVariables, lenientIf: true });
  for (const name of REFUSED_TAGS) {
    liquid.registerTag(name, {
      parse() {
        throw new Error(`{% ${name} %} is not available in email templates`);
      },
      render() {},
    });
  }
  return liquid;
}

/** Renders for sending and preview: a missing field is empty, so `| default:` can fill it. */
export const renderingLiquid = safeLiquid({ strictVariables: false });
/** Lints: an undefined variable outside `if` and `default` is an error. */
export const strictLiquid = safeLiquid({ strictVariables: true });

// A campaign renders the same few templates for every lead: each is parsed once, not once per email
// (parsing was half of the dispatcher's template time). Bounded, oldest dropped first, so templates
// from many workspaces cannot grow it without end (a template is at most parseLimit characters).
const PARSED_TEMPLATES_KEPT = 64;
const parsedTemplates = new Map<string, Template[]>();

/** `renderingLiquid.parseAndRenderSync`, with the parsed template kept for the next lead. */
export function renderLiquidSync(source: string, scope: Record<string, unknown>): unknown {
  let parsed = parsedTemplates.get(source);
  if (!parsed) {
    parsed = renderingLiquid.parse(source);
    if (parsedTemplates.size >= PARSED_TEMPLATES_KEPT) parsedTemplates.delete(parsedTemplates.keys().next().value!);
    parsedTemplates.set(source, parsed);
  }
  return renderingLiquid.renderSync(parsed, scope);
}
