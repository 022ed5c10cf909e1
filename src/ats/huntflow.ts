// Huntflow (API v2 webhooks, huntflow/api ru/webhooks.md): VACANCY events to vacancy actions.
// Huntflow retries a failed delivery three times and then deactivates the webhook, so every event
// we do not act on is `ignored` (answered 2xx), never an error.
import { isObject } from '../lib/json-values.js';
import { wholeDay } from '../schemas/vacancy.js';
import { detectLanguage } from '../lib/text-language.js';
import {
  AtsMappingError,
  hmacSha256HexMatches,
  unmappedExtra,
  type AtsAction,
  type AtsConnectorKind,
  type AtsDeliveryHeaders,
  type AtsExtra,
  type AtsVacancyInput,
  dateOf,
} from './connector-kind.js';
import { htmlToText } from './html-text.js';

type Json = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

// ---- money: free text, read only when there is one reading ----

type Salary = NonNullable<AtsVacancyInput['baseSalary']>;
type Unit = Salary['unit'];

// Tried in order at each position; longer phrases first, so "до вычета налогов" is not read as "до".
const TOKENS: [RegExp, (m: RegExpExecArray) => Token][] = [
  [/(?:до|после) (?:вычета )?(?:налогов|ндфл)|на руки|чистыми|net|gross|оклад|зарплата|з\/п|salary/y, () => ({ t: 'skip' })],
  [/(?:в|за|per|an|a|\/) ?(?:час|ч\.|hour|hr|h)(?!\p{L})|hourly|почасов\p{L}*/uy, () => ({ t: 'unit', unit: 'HOUR' })],
  [/(?:в|за|per|a|\/) ?(?:день|сутки|day)(?!\p{L})|daily/uy, () => ({ t: 'unit', unit: 'DAY' })],
  [/(?:в|за|per|a|\/) ?(?:неделю|нед\.|week|wk)(?!\p{L})|weekly/uy, () => ({ t: 'unit', unit: 'WEEK' })],
  [/(?:в|за|per|a|\/) ?(?:месяц|мес\.?|month|mo)(?!\p{L})|monthly|ежемесячно/uy, () => ({ t: 'unit', unit: 'MONTH' })],
  [/(?:в|за|per|a|an|\/) ?(?:год|year|yr|annum)(?!\p{L})|annually|yearly|per annum/uy, () => ({ t: 'unit', unit: 'YEAR' })],
  [/(?:₽|руб(?:\.|лей|ля|ль)?|р\.|rub|rur)(?!\p{L})/uy, () => ({ t: 'currency', code: 'RUB' })],
  [/(?:\$|usd|долл(?:\.|аров|ара|ар)?)(?!\p{L})/uy, () => ({ t: 'currency', code: 'USD' })],
  [/(?:€|eur|евро)(?!\p{L})/uy, () => ({ t: 'currency', code: 'EUR' })],
  [/(?:₸|тенге|тг\.?|kzt)(?!\p{L})/uy, () => ({ t: 'currency', code: 'KZT' })],
  [/(?:от|from)(?!\p{L})/uy, () => ({ t: 'from' })],
  [/(?:до|up to|to)(?!\p{L})/uy, () => ({ t: 'to' })],
  [/[-–—−]/y, () => ({ t: 'dash' })],
  // Thousands grouped by spaces or commas ("150 000", "$3,000"), or plain digits. A decimal point,
  // "k", "к", "тыс" are not read: they leave text behind, and text makes the string unreadable.
  [/\d{1,3}(?:[ ,]\d{3}(?!\d))+|\d+/y, (m) => ({ t: 'number', value: Number(m[0].replace(/[ ,]/g, '')) })],
  [/[\s.,:;()]+/y, () => ({ t: 'skip' })],
];

type Token =
  | { t: 'skip' | 'from' | 'to' | 'dash' }
  | { t: 'unit'; unit: Unit }
  | { t: 'currency'; code: string }
  | { t: 'number'; value: number };

function tokenize(money: string): Token[] | undefined {
  const s = money.toLowerCase().replace(/[\u00a0\u2009\u202f]/g, ' ');
  const tokens: Token[] = [];
  let at = 0;
  next: while (at < s.length) {
    for (const [re, make] of TOKENS) {
      re.lastIndex = at;
      const m = re.exec(s);
      if (m && m[0].length > 0) {
        tokens.push(make(m));
        at = re.lastIndex;
        continue next;
      }
    }
    return undefined; // a word or sign we do not know ("бонусы", "+", "%", "к"): more than a salary
  }
  return tokens.filter((x) => x.t !== 'skip');
}

// Above these a "monthly" figure in dollars or euros is more likely a year's pay; with no period
// written, such a figure is not read at all.
const MONTHLY_CEILING: Record<string, number> = { USD: 30_000, EUR: 30_000 };
const MAX_AMOUNT = 1e9;

/**
 * The salary a Huntflow `money` text states, or undefined unless it states exactly one:
 * "от 150 000 до 200 000 руб.", "150000-200000 RUB", "$3000", "100 000 ₽ на руки". Huntflow is a
 * Russian-market ATS where pay is quoted per month, so no period written means MONTH.
 * "по договорённости", "от 100к", "30 000 + 3% от продаж", "325" (no currency) give undefined.
 */
export function parseMoney(money: string): Salary | undefined {
  const tokens = tokenize(money);
  if (!tokens) return undefined;
  const numbers = tokens.flatMap((x) => (x.t === 'number' ? [x.value] : []));
  const currencies = new Set(tokens.flatMap((x) => (x.t === 'currency' ? [x.code] : [])));
  const units = new Set(tokens.flatMap((x) => (x.t === 'unit' ? [x.unit] : [])));
  if (currencies.size !== 1 || units.size > 1 || numbers.length === 0 || numbers.length > 2) return undefined;
  if (numbers.some((n) => !Number.isSafeInteger(n) || n <= 0 || n > MAX_AMOUNT)) return undefined;
  const kinds = tokens.filter((x) => x.t === 'from' || x.t === 'to' || x.t === 'dash' || x.t === 'number').map((x) => x.t).join(' ');
  let min: number | undefined;
  let max: number | undefined;
  if (numbers.length === 2) {
    if (!['number dash number', 'from number to number', 'from number dash number'].includes(kinds)) return undefined;
    [min, max] = numbers as [number, number];
    if (min > max) return undefined;
  } else if (kinds === 'number') [min, max] = [numbers[0], numbers[0]];
  else if (kinds === 'from number') min = numbers[0];
  else if (kinds === 'to number') max = numbers[0];
  else return undefined;
  const currency = [...currencies][0]!;
  const ceiling = MONTHLY_CEILING[currency];
  if (units.size === 0 && ceiling !== undefined && Math.max(min ?? 0, max ?? 0) > ceiling) return undefined;
  const unit: Unit = [...units][0] ?? 'MONTH';
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), currency, unit };
}

// ---- the vacancy ----

const MAPPED = new Set([
  'id', 'position', 'company', 'money', 'body', 'requirements', 'conditions', 'deadline', 'state',
]);

const SECTIONS = [
  ['body', { ru: 'Обязанности', en: 'Responsibilities' }],
  ['requirements', { ru: 'Требования', en: 'Requirements' }],
  ['conditions', { ru: 'Условия', en: 'Conditions' }],
] as const;

/**
 * Duties, requirements and conditions are three fields in Huntflow, headed by its form. Two or
 * more become one text with a heading each, unless the text already opens with it.
 */
function description(vacancy: Json): string | undefined {
  const parts = SECTIONS.flatMap(([field, heading]) => {
    const html = text(vacancy[field]);
    const body = html === undefined ? '' : htmlToText(html);
    return body === '' ? [] : [{ heading, body }];
  });
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0]!.body;
  const language = detectLanguage(parts.map((p) => p.body).join('\n')).language ?? 'ru';
  return parts
    .map(({ heading, body }) => {
      const title = heading[language];
      return body.toLowerCase().startsWith(title.toLowerCase()) ? body : `${title}:\n${body}`;
    })
    .join('\n\n');
}

// A division or region is an object {id, name} when the account has them, or a bare id.
const nameOf = (v: unknown): string | undefined => (isObject(v) ? text(v.name) : undefined);

const dateOnly = (v: unknown): string | undefined => {
  const s = text(v);
  return s !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined;
};

// `deadline` on the vacancy is deprecated in favour of its fill quotas' deadlines: without it, the
// latest deadline of a quota still open is the vacancy's.
function deadline(vacancy: Json): string | undefined {
  const quotas = Array.isArray(vacancy.fill_quotas) ? vacancy.fill_quotas.filter(isObject) : [];
  const quotaDates = quotas.filter((q) => !q.closed).flatMap((q) => dateOnly(q.deadline) ?? []);
  const date = dateOnly(vacancy.deadline) ?? quotaDates.sort().at(-1);
  return date === undefined ? undefined : wholeDay(date, 'end');
}

function vacancyInput(vacancy: Json, account: unknown): { input: AtsVacancyInput; extra: AtsExtra } {
  const money = text(vacancy.money);
  const salary = money === undefined ? undefined : parseMoney(money);
  const organization = text(vacancy.company) ?? nameOf(account);
  const region = nameOf(vacancy.account_region);
  const input: AtsVacancyInput = {
    title: text(vacancy.position),
    description: description(vacancy),
    hiringOrganization: organization ? { name: organization } : undefined,
    jobLocation: region ? { region } : undefined,
    baseSalary: salary,
    validThrough: deadline(vacancy),
    externalId: String(vacancy.id),
  };
  const extra = unmappedExtra(vacancy, MAPPED);
  // A deadline that is not a date is not read, but not lost either.
  if (dateOnly(vacancy.deadline) === undefined && vacancy.deadline != null) extra.deadline = vacancy.deadline;
  // Kept even when read: the text may say more than the numbers (net, bonuses) and is all there is when it is not.
  if (money !== undefined) extra.money = money;
  return { input: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)), extra };
}

// ---- the connector ----

const header = (headers: AtsDeliveryHeaders, name: string) => text(headers[name]);

function mapVacancyEvent(body: Json): AtsAction {
  const event = isObject(body.event) ? body.event : undefined;
  const vacancy = event && isObject(event.vacancy) ? event.vacancy : undefined;
  if (!vacancy) throw new AtsMappingError('event.vacancy', 'is required');
  if (typeof vacancy.id !== 'number' && text(vacancy.id) === undefined) throw new AtsMappingError('event.vacancy.id', 'is required');
  const log = isObject(event!.vacancy_log) ? event!.vacancy_log : {};
  // The docs show `state` in the example and `type` in the field table; API v1 sent `event.type`.
  const change = (text(log.state) ?? text(log.type) ?? text(event!.type))?.toUpperCase();
  if (!change) throw new AtsMappingError('event.vacancy_log.state', 'is required');
  const externalId = String(vacancy.id);
  const account = isObject(body.meta) ? body.meta.account : body.account;

  const upsert = (open: boolean): AtsAction => {
    const { input, extra } = vacancyInput(vacancy, account);
    if (!input.title) throw new AtsMappingError('event.vacancy.position', 'is required');
    return { kind: 'upsert', externalId, input, extra, open };
  };
  const stateSaysClosed = ['CLOSED', 'HOLD'].includes(text(vacancy.state)?.toUpperCase() ?? '');

  switch (change) {
    case 'OPEN':
      return upsert(true);
    case 'CREATED':
    case 'EDIT':
      return upsert(!stateSaysClosed);
    case 'CLOSED':
    case 'HOLD':
      return { kind: 'close', externalId };
    case 'REOPEN':
    case 'RESUME':
      return { kind: 'reopen', externalId, ...vacancyInput(vacancy, account) };
    case 'JOIN':
    case 'LEAVE':
      return { kind: 'ignored', reason: `Huntflow VACANCY ${change}: a recruiter joined or left the vacancy, nothing to publish` };
    case 'VACANCY_REQUEST_ATTACH':
      return { kind: 'ignored', reason: 'Huntflow VACANCY VACANCY_REQUEST_ATTACH: a vacancy request was attached, nothing to publish' };
    default:
      return { kind: 'ignored', reason: `Huntflow VACANCY ${change}: not a change this service acts on` };
  }
}

export const huntflow: AtsConnectorKind = {
  kind: 'huntflow',

  verify(rawBody, headers, secret) {
    return hmacSha256HexMatches(rawBody, secret, header(headers, 'x-huntflow-signature'));
  },

  // The vacancy log entry's time: when the change was made in Huntflow.
  eventTime(_headers, body) {
    const event = isObject(body) && isObject(body.event) ? body.event : {};
    return dateOf(isObject(event.vacancy_log) ? event.vacancy_log.created : undefined);
  },

  // The body's meta.event_id first: it is signed. X-Huntflow-Delivery is not, and whoever holds one
  // signed body could replay it under fresh delivery ids.
  deliveryId(headers, body) {
    const eventId = isObject(body) && isObject(body.meta) ? body.meta.event_id : undefined;
    const signed = typeof eventId === 'number' ? String(eventId) : text(eventId);
    return signed ?? header(headers, 'x-huntflow-delivery');
  },

  map(headers, body) {
    const meta = isObject(body) && isObject(body.meta) ? body.meta : {};
    const event = (header(headers, 'x-huntflow-event') ?? text(meta.event_type))?.toUpperCase();
    if (event === 'PING') return { kind: 'ping' };
    if (!event) throw new AtsMappingError('x-huntflow-event', 'is required');
    if (event !== 'VACANCY') return { kind: 'ignored', reason: `Huntflow ${event} events do not change vacancies` };
    if (!isObject(body)) throw new AtsMappingError('', 'must be a JSON object');
    return mapVacancyEvent(body);
  },
};
