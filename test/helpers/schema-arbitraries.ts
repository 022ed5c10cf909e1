// fast-check arbitraries for request inputs, read from the OpenAPI document's JSON Schemas: values
// that fit the schema (so requests get past validation into services and SQL), and hostile ones
// (wrong types, NUL, lone surrogates, huge strings, deep nesting, extra fields, boundary numbers,
// weird dates) dropped into one field of an otherwise fitting value.
import fc from 'fast-check';
import { resolve, setAt, typesOf, type JsonSchema, type OpenApiDocument } from './openapi-operations.js';

/** Values the world knows: ids of real resources (so lookups hit), and inputs a schema cannot express. */
export interface Hints {
  ids: string[];
  /** By property name: a few realistic values (time zones, cron, RRULE, template source). */
  byName: Record<string, string[]>;
}

/** A string put into the JSON text as a raw token after JSON.stringify (numbers JSON.stringify cannot write). */
export const RAW = (token: string) => `\u0001raw:${token}\u0001`;
export const rawJson = (value: unknown) => JSON.stringify(value).replace(/"\\u0001raw:([^"\\]*)\\u0001"/g, '$1');

const LONE = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff');
const withInserted = (inserted: fc.Arbitrary<string>) =>
  fc.tuple(fc.string({ maxLength: 12 }), inserted, fc.string({ maxLength: 12 })).map(([a, b, c]) => a + b + c);

export const hostileStrings = fc.oneof(
  withInserted(fc.constant('\u0000')),
  withInserted(LONE),
  fc.integer({ min: 5_000, max: 120_000 }).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\t\n', '💥'.repeat(3000), 'a\u200bb', '\ufeff', '%00', '../..', '{{title}}', "'; drop table vacancies; --", 'null', 'NaN'),
);

export const weirdDates = fc.constantFrom(
  '2026-02-30T10:00:00Z', '2026-02-29T10:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z', '2026-12-31', '2026-12-31T24:00:00Z', '2026-12-31T25:61:61Z', '1970-01-01T00:00:00+14:00',
  '2026-03-29T02:30', '2026-10-25T02:30', '2026-13-01T00:00', '99999-01-01T00:00', '2026-11-25T10:00:00.123456789Z', 'tomorrow', '',
);

export const boundaryNumbers = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 0.5, -0.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e12 + 1, 1e21, 1e308, -1e308, 5e-324),
  fc.constantFrom(RAW('1e999'), RAW('-1e999'), RAW('1E400'), RAW('123456789012345678901234567890')),
);

function deepNesting(): fc.Arbitrary<unknown> {
  return fc.tuple(fc.integer({ min: 30, max: 200 }), fc.boolean()).map(([depth, arrays]) => {
    let v: unknown = 'deep';
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
    return v;
  });
}

export const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileStrings },
  { weight: 2, arbitrary: boundaryNumbers },
  { weight: 2, arbitrary: weirdDates },
  { weight: 1, arbitrary: deepNesting() },
  { weight: 2, arbitrary: fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 })) },
);

/** A value that fits `schema` (as far as a schema says; refinements in code are met by luck and hints). */
export function fitting(doc: OpenApiDocument, hints: Hints, schema: JsonSchema, name = '', depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const alternatives = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  if (alternatives.length > 0) return fc.oneof(...alternatives.map((alt) => fitting(doc, hints, alt, name, depth)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((type) => fitting(doc, hints, { ...s, type }, name, depth)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e6);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e6);
      return types[0] === 'integer'
        ? fc.integer({ min: Math.max(Math.ceil(min), -(2 ** 31)), max: Math.min(Math.floor(max), 2 ** 31 - 1) })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'string':
      return fittingString(s, hints, name);
    case 'array': {
      const items = s.items ? fitting(doc, hints, s.items, name, depth + 1) : fc.string();
      return fc.array(items, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, Math.max(s.minItems ?? 0, 3)) });
    }
    case 'object': {
      if (depth > 6) return fc.constant({});
      const required = new Set(s.required ?? []);
      const model = Object.fromEntries(Object.entries(s.properties ?? {}).map(([key, child]) => [key, fitting(doc, hints, child, key, depth + 1)]));
      const known = fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
      if (typeof s.additionalProperties !== 'object') return known;
      const more = fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fitting(doc, hints, s.additionalProperties, '', depth + 1), { maxKeys: 3 });
      return fc.tuple(known, more).map(([a, b]) => ({ ...b, ...a }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function fittingString(s: JsonSchema, hints: Hints, name: string): fc.Arbitrary<string> {
  const hinted = hints.byName[name];
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 60;
  let base: fc.Arbitrary<string>;
  if (s.format === 'uuid') base = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...hints.ids) }, { weight: 1, arbitrary: fc.uuid() });
  else if (s.format === 'date-time') base = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
  else if (s.format === 'email') base = fc.emailAddress().filter((e) => e.length <= max);
  else if (s.format === 'uri') base = fc.webUrl().filter((u) => u.length <= max);
  else if (s.pattern) base = stringMatching(s.pattern, min, s.maxLength ?? Infinity);
  else {
    const size = { minLength: Math.min(min, 40), maxLength: Math.max(Math.min(max, 60), Math.min(min, 40)) };
    base = fc.oneof(fc.string(size), fc.string({ ...size, unit: 'grapheme' }), fc.string({ ...size, unit: 'grapheme-composite' }));
  }
  return hinted ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary: base }) : base;
}

function stringMatching(pattern: string, min: number, max: number): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern, 'u')).filter((v) => v.length >= min && v.length <= max);
  } catch {
    return fc.string({ minLength: min, maxLength: Math.min(max, 60) });
  }
}

const valueAt = (value: unknown, path: (string | number)[]) => path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], value);

/** Every place in a value that a field could be put or replaced: its objects' keys, its arrays' indexes. */
function slots(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => slots(v, [...path, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) slots(v, [...path, k], out);
  return out;
}

/**
 * A body for `schema`: fitting values, or known-good `seeds` with some fields swapped for fitting
 * ones (schemas cannot say everything: "applyUrl or contacts", min ≤ max), often with one field
 * (or an extra one) made hostile, sometimes hostile as a whole.
 */
export function requestValue(doc: OpenApiDocument, hints: Hints, schema: JsonSchema, seeds: unknown[] = []): fc.Arbitrary<unknown> {
  const fits = fitting(doc, hints, schema);
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const mixed =
    seeds.length === 0
      ? fits
      : fc.oneof(
          fc.constantFrom(...seeds),
          fc.tuple(fc.constantFrom(...seeds), fits, fc.nat()).map(([seed, other, pick]) => {
            if (!isObject(seed) || !isObject(other)) return seed;
            const keys = Object.keys(other);
            const taken = keys.filter((_, i) => (pick >> i) & 1);
            return { ...seed, ...Object.fromEntries(taken.map((k) => [k, other[k]])) };
          }),
        );
  const base = seeds.length === 0 ? fits : fc.oneof({ weight: 1, arbitrary: fits }, { weight: 3, arbitrary: mixed });
  // A field of a fitting value spoiled: a string keeps its text with a NUL or a lone surrogate slipped
  // in (the likeliest way such text arrives), anything else is replaced by a hostile value.
  const spoiled = fc.tuple(base, fc.nat(), fc.nat(), LONE, hostileValues, fc.constantFrom('nul', 'surrogate', 'hostile', 'extra'));
  const oneFieldBad = spoiled.map(([value, pick, at, lone, bad, how]) => {
    const places = slots(value);
    const leaves = places.filter((p) => typeof valueAt(value, p) === 'string');
    const path = (how === 'nul' || how === 'surrogate') && leaves.length > 0 ? leaves[pick % leaves.length]! : places[pick % places.length]!;
    const current = valueAt(value, path);
    if (typeof current === 'string' && (how === 'nul' || how === 'surrogate')) {
      const i = at % (current.length + 1);
      return setAt(value, path, current.slice(0, i) + (how === 'nul' ? '\u0000' : lone) + current.slice(i));
    }
    return setAt(value, how === 'extra' && isObject(current) ? [...path, 'unexpectedField'] : path, bad);
  });
  return fc.oneof({ weight: 5, arbitrary: base }, { weight: 4, arbitrary: oneFieldBad }, { weight: 1, arbitrary: hostileValues });
}

/** Percent-encodes any JavaScript string; a lone surrogate becomes its 3-byte (CESU) form, as a sloppy client sends it. */
export function encodeLoose(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
    if (pair) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(s[i]!);
    }
  }
  return out;
}
