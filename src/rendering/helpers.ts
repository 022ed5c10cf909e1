// Helpers for the rendering Handlebars environment. Escaping: every {{ }} in a template is rewritten
// to {{escape …}} at compile time (see auto-escape.ts), and `escape` escapes for the network being
// rendered. Helpers below therefore return plain text, which gets escaped like any value, except those
// that produce markup (hashtags, description, truncatable): they escape their own input and return a
// SafeString, which `escape` passes through untouched.
import type Handlebars from 'handlebars';
import { EMPLOYMENT_TYPES, type Vacancy } from '../schemas/vacancy.js';
import { wrapBody } from './body-markers.js';
import { formatDate } from './dates.js';
import { formatDescription } from './description.js';
import { formatEmploymentTypes } from './employment-types.js';
import { ESCAPE_FOR } from './escape.js';
import { collectHashtags, formatHashtags } from './hashtags.js';
import { formatLocation } from './location.js';
import type { RenderNetwork, TextDialect } from './networks.js';
import { formatSalary } from './salary.js';

type HandlebarsEnvironment = typeof Handlebars;
type Language = Vacancy['language'];

// Passed as Handlebars runtime `data` on every render: helpers read @network / @dialect from it.
export interface RenderData {
  network: RenderNetwork;
  dialect: TextDialect;
}

export const ESCAPE_HELPER = 'escape';
export const OPTIONAL_LOOKUP_HELPER = 'lookupOptional';

function dialectOf(options: Handlebars.HelperOptions): TextDialect {
  const dialect = (options.data as Partial<RenderData> | undefined)?.dialect;
  if (!dialect) throw new Error('rendering helpers need the `dialect` runtime data');
  return dialect;
}

// {{salary vacancy.baseSalary}} uses the vacancy's language; lang="en" overrides it.
function languageOf(options: Handlebars.HelperOptions): Language {
  const lang = options.hash?.lang ?? options.data?.root?.lang;
  if (lang !== 'ru' && lang !== 'en') throw new Error(`unknown language ${JSON.stringify(lang)}: use "ru" or "en"`);
  return lang;
}

// A helper given the wrong thing ({{salary vacancy.baseSalary.min}}) says so by name; the name lets
// template-problems.ts find the line.
function expect(helper: string, wanted: string, value: unknown, test: (value: unknown) => boolean): void {
  if (test(value)) return;
  const shown = JSON.stringify(value) ?? String(value);
  throw new Error(`${helper} helper: expects ${wanted}, got ${shown.length > 60 ? shown.slice(0, 59) + '…' : shown}`);
}

function isObjectWith(...keys: string[]): (value: unknown) => boolean {
  return (value) => typeof value === 'object' && value !== null && keys.every((key) => Object.hasOwn(value, key));
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(stringify).join(', ');
  return String(value);
}

export function registerRenderingHelpers(env: HandlebarsEnvironment): void {
  const safe = (text: string) => new env.SafeString(text);

  env.registerHelper(ESCAPE_HELPER, (value: unknown, options: Handlebars.HelperOptions) =>
    value instanceof env.SafeString ? value : safe(ESCAPE_FOR[dialectOf(options)](stringify(value))),
  );

  // Inserted by auto-escape.ts for dotted paths in block arguments. Own properties only, like
  // Handlebars' default prototype-access protection.
  env.registerHelper(OPTIONAL_LOOKUP_HELPER, (...args: unknown[]) => {
    args.pop();
    let value = args[0];
    for (const key of args.slice(1) as string[]) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  });

  env.registerHelper('salary', (salary: unknown, options: Handlebars.HelperOptions) => {
    if (salary === undefined || salary === null) return '';
    expect('salary', 'vacancy.baseSalary', salary, isObjectWith('currency', 'unit'));
    return formatSalary(salary as NonNullable<Vacancy['baseSalary']>, languageOf(options));
  });

  env.registerHelper('date', (iso: unknown, options: Handlebars.HelperOptions) => {
    if (iso === undefined || iso === null) return '';
    expect('date', 'an ISO date such as vacancy.validThrough', iso, (value) => typeof value === 'string');
    return formatDate(iso as string, languageOf(options));
  });

  env.registerHelper('employmentType', (types: unknown, options: Handlebars.HelperOptions) => {
    if (types === undefined || types === null) return '';
    expect('employmentType', 'vacancy.employmentType', types, (value) => Array.isArray(value) && value.every((type) => EMPLOYMENT_TYPES.includes(type)));
    return formatEmploymentTypes(types as Vacancy['employmentType'], languageOf(options));
  });

  env.registerHelper('location', (vacancy: unknown, options: Handlebars.HelperOptions) => {
    expect('location', 'the vacancy', vacancy, isObjectWith('title'));
    return formatLocation(vacancy as Vacancy, languageOf(options));
  });

  // {{hashtags vacancy.hashtags vacancy.audience.professions group.requiredHashtags}}: any number of lists.
  env.registerHelper('hashtags', (...args: unknown[]) => {
    const options = args.pop() as Handlebars.HelperOptions;
    const dialect = dialectOf(options);
    const lists = args.map((list) => (Array.isArray(list) ? list.map(String) : []));
    return safe(formatHashtags(collectHashtags(lists, dialect), dialect));
  });

  env.registerHelper('description', (text: unknown, options: Handlebars.HelperOptions) => {
    expect('description', 'vacancy.description', text, (value) => typeof value === 'string');
    return safe(formatDescription(text as string, dialectOf(options)));
  });

  // {{#truncatable}}…{{/truncatable}}: the only part of a post the renderer may cut to fit a limit.
  env.registerHelper('truncatable', function (this: unknown, options: Handlebars.HelperOptions) {
    return safe(wrapBody(options.fn(this)));
  });
}
