// schema.org JobPosting JSON-LD, as ATSs and careers pages publish it, into a VacancyInput.
// JSON-LD is loose: most properties may be a value, an object or an array of either. Properties this service does not model are returned in `extra`, untouched.
import { isObject } from '../lib/json-values.js';
import { Problem } from '../lib/problem.js';
import type { VacancyInput } from '../schemas/vacancy.js';

type Json = Record<string, unknown>;

const MAPPED = new Set([
  '@context', '@type', 'title', 'name', 'description', 'employmentType', 'hiringOrganization', 'jobLocation',
  'jobLocationType', 'applicantLocationRequirements', 'baseSalary', 'datePosted', 'validThrough', 'identifier',
  'url', 'directApply', 'image', 'inLanguage', 'occupationalCategory', 'keywords', 'experienceRequirements',
]);

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string | undefined => {
  const x = first(v);
  if (typeof x === 'string') return x.trim() || undefined;
  if (typeof x === 'number') return String(x);
  if (isObject(x)) return str(x['@value'] ?? x['@id'] ?? x.value ?? x.name ?? x.url);
  return undefined;
};

const hasType = (node: unknown, type: string) => isObject(node) && list(node['@type']).includes(type);

// A posting sits at the top, in an array, or in an @graph, a few levels down at most. The search
// is iterative and bounded, so a hostile document (20,000 nested arrays) is refused quickly instead
// of overflowing the stack or scanning megabytes.
export const JOB_POSTING_SEARCH = { maxDepth: 16, maxNodes: 10_000 };

/** Finds the JobPosting (the first, in document order) in the posting itself, an array, or an @graph. */
export function findJobPosting(document: unknown): Json | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: document, depth: 0 }];
  let visited = 0;
  let cutShort = false;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (hasType(node, 'JobPosting')) return node as Json;
    const children = Array.isArray(node) ? node : isObject(node) ? list(node['@graph']) : [];
    if (children.length === 0) continue;
    // A branch too deep is skipped (a posting may still follow it); too many nodes ends the search.
    if (depth >= JOB_POSTING_SEARCH.maxDepth) {
      cutShort = true;
      continue;
    }
    visited += children.length;
    if (visited > JOB_POSTING_SEARCH.maxNodes) {
      cutShort = true;
      break;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
  }
  if (cutShort) {
    throw new Problem(
      422,
      'job-posting-search-limit',
      `No JobPosting within ${JOB_POSTING_SEARCH.maxDepth} levels of arrays and @graph and the first ${JOB_POSTING_SEARCH.maxNodes} nodes`,
      { errors: [{ field: '@graph', in: 'body', message: 'nests too deep or holds too many nodes to search' }] },
    );
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * A numeric reference that names no character (&#0;, a surrogate such as &#xD800;, or beyond
 * U+10FFFF) is dropped. Browsers show U+FFFD there; in a post that is a visible "�" the recruiter
 * never wrote, and refusing the whole posting for a careers page's broken entity would make the ATS
 * fix HTML it does not control. NUL and surrogates also could not be stored.
 */
function fromCodePoint(code: number): string {
  const isCharacter = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return isCharacter ? String.fromCodePoint(code) : '';
}

/** Careers pages put HTML in description; our description is plain text with "- " list items. */
export function htmlToPlainText(html: string): string {
  if (!/<[a-z!/][^>]*>/i.test(html) && !/&[a-z#0-9]+;/i.test(html)) return html.trim();
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li(\s[^>]*)?>/gi, '\n- ')
    .replace(/<\/li>/gi, '')
    .replace(/<\/(p|div|h[1-6]|ul|ol|section|article|tr)>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#') && name !== '#39') return fromCodePoint(parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n- \s*\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const UNIT_ALIASES: Record<string, string> = { HOURLY: 'HOUR', DAILY: 'DAY', WEEKLY: 'WEEK', MONTHLY: 'MONTH', YEARLY: 'YEAR', ANNUAL: 'YEAR' };

function salary(v: unknown): VacancyInput['baseSalary'] | undefined {
  const amount = first(v);
  if (!isObject(amount)) return undefined;
  const value = first(amount.value);
  const q = isObject(value) ? value : { value };
  const num = (x: unknown) => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : undefined);
  const unitText = str(q.unitText)?.toUpperCase();
  return {
    min: num(q.minValue) ?? num(q.value),
    max: num(q.maxValue) ?? num(q.value),
    currency: str(amount.currency) ?? (str(q.currency) as string),
    unit: (unitText ? (UNIT_ALIASES[unitText] ?? unitText) : undefined) as never,
  };
}

function place(v: unknown): VacancyInput['jobLocation'] | undefined {
  const p = first(v);
  if (!isObject(p)) return undefined;
  const a = isObject(p.address) ? p.address : p;
  const loc = {
    city: str(a.addressLocality),
    region: str(a.addressRegion),
    country: str(isObject(a.addressCountry) ? (a.addressCountry.identifier ?? a.addressCountry.name) : a.addressCountry),
  };
  return loc.city || loc.region || loc.country ? loc : undefined;
}

function language(v: unknown): 'ru' | 'en' | undefined {
  const s = str(v)?.toLowerCase();
  if (!s) return undefined;
  return (s.split(/[-_]/)[0] as 'ru' | 'en');
}

function prune<T extends Json>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function mapJobPosting(document: unknown): { input: Json; extra: Json } {
  const posting = findJobPosting(document);
  if (!posting) {
    throw new Problem(422, 'not-a-job-posting', 'The document holds no schema.org JobPosting (no node with "@type": "JobPosting")', {
      errors: [{ field: '@type', in: 'body', message: 'must be "JobPosting"' }],
    });
  }
  const org = first(posting.hiringOrganization);
  const description = str(posting.description);
  const keywords = list(posting.keywords).flatMap((k) => (typeof k === 'string' ? k.split(',') : []));
  const input = prune({
    title: str(posting.title) ?? str(posting.name),
    description: description === undefined ? undefined : htmlToPlainText(description),
    employmentType: posting.employmentType === undefined ? undefined : list(posting.employmentType).map((e) => String(e).toUpperCase()),
    hiringOrganization: isObject(org)
      ? prune({ name: str(org.name), url: str(org.sameAs) ?? str(org.url), logo: str(org.logo) })
      : typeof org === 'string' ? { name: org } : undefined,
    jobLocation: place(posting.jobLocation),
    jobLocationType: str(posting.jobLocationType),
    applicantLocationRequirements:
      posting.applicantLocationRequirements === undefined
        ? undefined
        : list(posting.applicantLocationRequirements).map((r) => str(r)).filter(Boolean),
    baseSalary: salary(posting.baseSalary),
    // A date without a time is read by the vacancy schema as the whole day (see wholeDay there).
    datePosted: str(posting.datePosted),
    validThrough: str(posting.validThrough),
    externalId: str(posting.identifier),
    applyUrl: str(posting.url),
    image: str(posting.image),
    language: language(posting.inLanguage),
    hashtags: keywords.length > 0 ? keywords.map((k) => k.trim().replace(/\s+/g, '_')).filter(Boolean) : undefined,
  });
  const extra = Object.fromEntries(Object.entries(posting).filter(([k]) => !MAPPED.has(k)));
  // Kept although mapped loosely or not at all, so nothing the ATS said is lost.
  for (const k of ['occupationalCategory', 'experienceRequirements', 'directApply', 'keywords']) {
    if (posting[k] !== undefined) extra[k] = posting[k];
  }
  return { input, extra };
}
