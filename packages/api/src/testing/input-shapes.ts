import { randomUUID } from 'node:crypto';

// Walks a procedure's zod input schema: a plausible input for it, and every field in it. Shared by the
// tests that send malformed inputs, in-process (malformed-inputs.test.ts) and over HTTP (procedure-probe.test.ts).

export interface SchemaNode {
  _zod: { def: { type: string } & Record<string, unknown> };
}

export type Path = (string | number)[];

export interface Leaf {
  path: Path;
  type: string;
  format: string | undefined;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function unwrap(node: SchemaNode): SchemaNode {
  const def = node._zod.def;
  if (WRAPPERS.has(def.type)) return unwrap(def.innerType as SchemaNode);
  if (def.type === 'pipe') return unwrap(def.in as SchemaNode);
  return node;
}

/** A value the schema's type takes (not necessarily one its refinements accept). */
export function plausible(node: SchemaNode): unknown {
  const def = node._zod.def;
  if (def.type === 'optional' || def.type === 'nullable' || def.type === 'lazy') return undefined;
  const inner = unwrap(node);
  const innerDef = inner._zod.def;
  switch (innerDef.type) {
    case 'string': {
      const format = innerDef.format as string | undefined;
      if (format === 'uuid' || format === 'guid') return randomUUID();
      if (format === 'email') return 'someone@malformed.test';
      if (format === 'url') return 'https://malformed.test/';
      if (format === 'date' || format === 'iso_date') return '2026-01-15';
      if (format === 'datetime' || format === 'iso_datetime') return '2026-01-15T10:00:00Z';
      return 'x';
    }
    case 'number':
    case 'int':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(innerDef.entries as Record<string, unknown>)[0];
    case 'literal':
      return (innerDef.values as unknown[])[0];
    case 'array':
      return [];
    case 'record':
      return {};
    case 'object':
      return Object.fromEntries(
        Object.entries(innerDef.shape as Record<string, SchemaNode>)
          .map(([key, child]) => [key, plausible(child)] as const)
          .filter(([, value]) => value !== undefined),
      );
    case 'union':
      return plausible((innerDef.options as SchemaNode[])[0]!);
    default:
      return undefined;
  }
}

/** Every field of an input, nested objects' too, with its type (arrays: their first item). */
export function leaves(node: SchemaNode, path: Path = []): Leaf[] {
  const inner = unwrap(node);
  const def = inner._zod.def;
  if (def.type === 'object') {
    return Object.entries(def.shape as Record<string, SchemaNode>).flatMap(([key, child]) => leaves(child, [...path, key]));
  }
  if (def.type === 'array') return [{ path, type: 'array', format: undefined }, ...leaves(def.element as SchemaNode, [...path, 0])];
  return [{ path, type: def.type, format: def.format as string | undefined }];
}

/** `base` with `value` put at `path`, creating the objects and arrays on the way. */
export function withValue(base: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container = (typeof head === 'number' ? (Array.isArray(base) ? [...base] : []) : { ...((base as object | undefined) ?? {}) }) as Record<string | number, unknown>;
  container[head!] = withValue(container[head!], rest, value);
  return container;
}
