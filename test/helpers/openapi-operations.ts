// The operations of the OpenAPI document and the JSON Schemas of their inputs, for tests that send
// every operation something (malformed-input, fuzz). Reads only what the document says.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  /** The request body's schema and content types, when the operation takes one. */
  body?: { schema: JsonSchema; contentTypes: string[]; required: boolean; examples: unknown[] };
}

interface MediaType {
  schema: JsonSchema;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId: string; parameters?: Parameter[]; requestBody?: { required?: boolean; content: Record<string, MediaType> } }>>;
  components: { schemas: Record<string, JsonSchema> };
}

let cached: OpenApiDocument | undefined;
/** The committed openapi.yaml (a test fails when it is stale, so it is what the app serves). */
export function readOpenApi(): OpenApiDocument {
  cached ??= parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as OpenApiDocument;
  return cached;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const content = op.requestBody?.content;
      return {
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        parameters: op.parameters ?? [],
        ...(content
          ? {
              body: {
                schema: Object.values(content)[0]!.schema,
                contentTypes: Object.keys(content),
                required: op.requestBody?.required ?? false,
                examples: examplesOf(Object.values(content)),
              },
            }
          : {}),
      };
    }),
  );
}

/** The request examples the document gives (media type `example`/`examples`, schema `examples`). */
function examplesOf(media: MediaType[]): unknown[] {
  return media.flatMap((m) => [
    ...(m.example !== undefined ? [m.example] : []),
    ...Object.values(m.examples ?? {}).flatMap((e) => (e.value !== undefined ? [e.value] : [])),
    ...(Array.isArray((m.schema as { examples?: unknown[] }).examples) ? (m.schema as { examples: unknown[] }).examples : []),
  ]);
}

/** Follows a local $ref (#/components/schemas/X). */
export function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++) s = doc.components.schemas[s.$ref.split('/').pop()!]!;
  return s;
}

export const typesOf = (s: JsonSchema): string[] =>
  Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : s.items ? ['array'] : [];

/**
 * Paths to every string a body of this schema can hold (arrays as their first item, maps as key
 * "k"), through unions and references, to `maxDepth` levels.
 */
export function stringPaths(doc: OpenApiDocument, schema: JsonSchema, maxDepth = 6): (string | number)[][] {
  const out = new Map<string, (string | number)[]>();
  const walk = (raw: JsonSchema, path: (string | number)[]) => {
    if (path.length > maxDepth) return;
    const s = resolve(doc, raw);
    for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(alt, path);
    const types = typesOf(s);
    if (types.includes('string') || (typeof s.const === 'string') || (s.enum?.some((v) => typeof v === 'string'))) {
      if (path.length > 0) out.set(JSON.stringify(path), path);
    }
    if (types.includes('object')) {
      for (const [key, child] of Object.entries(s.properties ?? {})) walk(child, [...path, key]);
      if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, [...path, 'k']);
    }
    if (types.includes('array') && s.items) walk(s.items, [...path, 0]);
  };
  walk(schema, []);
  return [...out.values()];
}

/** A copy of `target` with `value` at `path`, making the objects and arrays on the way. */
export function setAt(target: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const array = Array.isArray(target) ? [...target] : [];
    array[head] = setAt(array[head], rest, value);
    return array;
  }
  const object = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  object[head!] = setAt(object[head!], rest, value);
  return object;
}

export const dotted = (path: (string | number)[]) => path.join('.');
