import { Liquid } from 'liquidjs';

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
