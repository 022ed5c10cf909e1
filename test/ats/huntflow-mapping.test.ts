import { createHmac } from 'node:crypto';
import t from 'tap';
import { mappingError, upsertOf } from '../helpers/ats-mapping-assertions.js';
import { AtsMappingError, MAX_EXTRA_VALUE_CHARS, type AtsAction } from '../../src/ats/connector-kind.js';
import { htmlToText } from '../../src/ats/html-text.js';
import { huntflow, parseMoney } from '../../src/ats/huntflow.js';
import { atsKinds } from '../../src/ats/kinds.js';
import { vacancyInputSchema } from '../../src/schemas/vacancy.js';

// A VACANCY delivery as Huntflow API v2 sends it (huntflow/api ru/webhooks.md), for a Russian vacancy.
const vacancy = {
  id: 1042,
  position: 'Frontend-разработчик (React)',
  company: 'ООО «Ромашка»',
  money: 'от 150 000 до 200 000 руб.',
  body: '<p>Разрабатывать личный кабинет&nbsp;банка.</p>\n<ul>\n  <li>React, TypeScript</li>\n  <li>Код-ревью</li>\n</ul>',
  requirements: '<ul><li>3+ года с React</li><li>REST &amp; GraphQL</li></ul>',
  conditions: '<p>Офис в Казани или удалённо<br>ДМС с первого дня</p>',
  state: 'OPEN',
  deadline: '2026-12-31',
  account_division: { id: 7, name: 'Разработка' },
  account_region: { id: 3, name: 'Казань' },
  applicants_to_hire: 2,
  fill_quotas: [{ applicants_to_hire: 2, closed: null, created: '2026-10-05T10:49:22+03:00', deadline: '2026-12-31', id: 9, vacancy_request: null }],
  frame_id: 12,
  hidden: false,
  multiple: false,
  parent: null,
  priority: 1,
  created: '2026-10-05',
  values: { grade: { id: 7, name: 'Middle', foreign: null } },
};

function delivery(state: string, patch: Record<string, unknown> = {}) {
  return {
    changes: {},
    event: { vacancy: { ...vacancy, ...patch }, vacancy_log: { id: 27, created: '2026-10-05T10:49:22+03:00', state } },
    meta: {
      account: { id: 14, name: 'Ромашка Групп', nick: 'romashka' },
      author: { id: 13, name: 'Анна Петрова', email: 'anna@romashka.example', meta: {} },
      event_type: 'VACANCY',
      event_id: '8841',
      retry: 0,
      version: '2.0',
      webhook_action: 'ADD',
    },
  };
}

const VACANCY = { 'x-huntflow-event': 'VACANCY' };
const map = (state: string, patch?: Record<string, unknown>) => huntflow.map(VACANCY, delivery(state, patch));


const sign = (body: Buffer, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

t.test('the signature is a hex HMAC-SHA256 of the raw body', async (t) => {
  const secret = 'hf-secret-0123456789';
  const raw = Buffer.from(JSON.stringify(delivery('EDIT')));
  const good = sign(raw, secret);
  t.equal(huntflow.verify(raw, { 'x-huntflow-signature': good }, secret), true, 'good');
  t.equal(huntflow.verify(raw, { 'x-huntflow-signature': good.toUpperCase() }, secret), true, 'hex case does not matter');
  t.equal(huntflow.verify(raw, { 'x-huntflow-signature': sign(raw, 'another-secret') }, secret), false, 'another secret');
  const tampered = Buffer.from(raw.toString().replace('1042', '1043'));
  t.equal(huntflow.verify(tampered, { 'x-huntflow-signature': good }, secret), false, 'another body');
  t.equal(huntflow.verify(raw, {}, secret), false, 'missing');
  t.equal(huntflow.verify(raw, { 'x-huntflow-signature': good.slice(0, 63) }, secret), false, 'truncated');
  t.equal(huntflow.verify(raw, { 'x-huntflow-signature': `sha256=${good}` }, secret), false, 'not bare hex');
  t.equal(huntflow.verify(raw, { 'x-huntflow-signature': sign(raw, '') }, ''), false, 'an empty secret verifies nothing');
});

t.test('delivery id: the header, else meta.event_id', async (t) => {
  t.equal(huntflow.deliveryId({ 'x-huntflow-delivery': 'fcb5de9e-75a9-42c7-a7d2-3f070f2c5e00' }, delivery('EDIT')), '8841', 'the signed meta.event_id before the header');
  t.equal(huntflow.deliveryId({ 'x-huntflow-delivery': 'fcb5de9e-75a9-42c7-a7d2-3f070f2c5e00' }, { event: {} }), 'fcb5de9e-75a9-42c7-a7d2-3f070f2c5e00');
  t.equal(huntflow.deliveryId({}, delivery('EDIT')), '8841');
  t.equal(huntflow.deliveryId({}, { meta: { event_id: 77 } }), '77');
  t.equal(huntflow.deliveryId({}, { event: {} }), undefined);
});

t.test('a created vacancy maps every field it can', async (t) => {
  const action = upsertOf(map('CREATED'));
  t.equal(action.externalId, '1042');
  t.equal(action.open, true);
  t.same(action.input, {
    title: 'Frontend-разработчик (React)',
    description:
      'Обязанности:\nРазрабатывать личный кабинет банка.\n\n• React, TypeScript\n• Код-ревью\n\n' +
      'Требования:\n• 3+ года с React\n• REST & GraphQL\n\n' +
      'Условия:\nОфис в Казани или удалённо\nДМС с первого дня',
    hiringOrganization: { name: 'ООО «Ромашка»' },
    jobLocation: { region: 'Казань' },
    baseSalary: { min: 150000, max: 200000, currency: 'RUB', unit: 'MONTH' },
    validThrough: '2026-12-31T23:59:59Z',
    externalId: '1042',
  });
  t.same(action.extra, {
    money: 'от 150 000 до 200 000 руб.',
    account_division: { id: 7, name: 'Разработка' },
    account_region: { id: 3, name: 'Казань' },
    applicants_to_hire: 2,
    fill_quotas: vacancy.fill_quotas,
    frame_id: 12,
    hidden: false,
    multiple: false,
    priority: 1,
    created: '2026-10-05',
    values: vacancy.values,
  });
});

t.test('with a way to apply added, the mapped input is a valid vacancy', async (t) => {
  const { input } = upsertOf(map('CREATED'));
  const parsed = vacancyInputSchema.safeParse({ ...input, applyUrl: 'https://romashka.example/jobs/1042' });
  t.equal(parsed.success, true, JSON.stringify(parsed.error?.issues));
  t.match(parsed.data, { title: 'Frontend-разработчик (React)', baseSalary: { unit: 'MONTH' }, validThrough: '2026-12-31T23:59:59Z' });
  t.equal(vacancyInputSchema.safeParse(input).success, false, 'no ATS sends an apply link: the caller must add one');
});

t.test('vacancy_log.state decides the action', async (t) => {
  t.match(map('OPEN'), { kind: 'upsert', externalId: '1042', open: true });
  t.match(map('OPEN', { state: 'HOLD' }), { kind: 'upsert', open: true }, 'OPEN says it was just opened');
  t.match(map('EDIT'), { kind: 'upsert', open: true });
  t.match(map('EDIT', { state: 'CLOSED' }), { kind: 'upsert', open: false });
  t.match(map('EDIT', { state: 'HOLD' }), { kind: 'upsert', open: false });
  t.match(map('CREATED', { state: 'HOLD' }), { kind: 'upsert', open: false });
  t.same(map('CLOSED'), { kind: 'close', externalId: '1042' });
  t.same(map('HOLD'), { kind: 'close', externalId: '1042' });
  for (const state of ['REOPEN', 'RESUME']) {
    const action = map(state);
    t.equal(action.kind, 'reopen', state);
    t.match(action, { externalId: '1042', input: { title: 'Frontend-разработчик (React)' }, extra: { money: vacancy.money } }, state);
  }
  for (const state of ['JOIN', 'LEAVE', 'VACANCY_REQUEST_ATTACH', 'SOMETHING_NEW']) {
    t.match(map(state), { kind: 'ignored', reason: new RegExp(`Huntflow VACANCY ${state}`) }, state);
  }
  t.match(map('edit'), { kind: 'upsert' }, 'case does not matter');
  const v1Style = { event: { vacancy, type: 'CLOSED' } };
  t.same(huntflow.map(VACANCY, v1Style), { kind: 'close', externalId: '1042' }, 'event.type when there is no vacancy_log');
});

t.test('ping and other event types', async (t) => {
  t.same(huntflow.map({ 'x-huntflow-event': 'PING' }, {}), { kind: 'ping' });
  t.same(huntflow.map({ 'x-huntflow-event': 'PING' }, undefined), { kind: 'ping' }, 'a ping needs no body');
  for (const event of ['APPLICANT', 'OFFER', 'RESPONSE', 'VACANCY-REQUEST']) {
    t.match(huntflow.map({ 'x-huntflow-event': event }, delivery('EDIT')), { kind: 'ignored', reason: new RegExp(event) }, event);
  }
  t.match(huntflow.map({}, delivery('CLOSED')), { kind: 'close' }, 'meta.event_type when the header is missing');
  t.equal(mappingError(() => huntflow.map({}, {})).field, 'x-huntflow-event');
});

t.test('a payload that cannot be mapped names the field', async (t) => {
  for (const position of [undefined, null, '   ']) {
    const err = mappingError(() => map('CREATED', { position }));
    t.equal(err.field, 'event.vacancy.position', String(position));
    t.equal(err.message, 'is required');
  }
  t.equal(mappingError(() => huntflow.map(VACANCY, { event: {} })).field, 'event.vacancy');
  t.equal(mappingError(() => map('EDIT', { id: null })).field, 'event.vacancy.id');
  t.equal(mappingError(() => huntflow.map(VACANCY, { event: { vacancy } })).field, 'event.vacancy_log.state');
  t.equal(mappingError(() => huntflow.map(VACANCY, 'not json')).field, '');
  t.same(map('CLOSED', { position: null }), { kind: 'close', externalId: '1042' }, 'closing needs no title');
});

t.test('money: read only when there is one reading, always kept raw', async (t) => {
  const read: [string, unknown][] = [
    ['от 150 000 до 200 000 руб.', { min: 150000, max: 200000, currency: 'RUB', unit: 'MONTH' }],
    ['150000-200000 RUB', { min: 150000, max: 200000, currency: 'RUB', unit: 'MONTH' }],
    ['$3000', { min: 3000, max: 3000, currency: 'USD', unit: 'MONTH' }],
    ['100 000 ₽ на руки', { min: 100000, max: 100000, currency: 'RUB', unit: 'MONTH' }],
    ['от 120 000 руб.', { min: 120000, currency: 'RUB', unit: 'MONTH' }],
    ['до 90 000 ₽ до вычета налогов', { max: 90000, currency: 'RUB', unit: 'MONTH' }],
    ['1500 руб. в час', { min: 1500, max: 1500, currency: 'RUB', unit: 'HOUR' }],
    ['$40/hour', { min: 40, max: 40, currency: 'USD', unit: 'HOUR' }],
    ['€4 000 – €5 000', { min: 4000, max: 5000, currency: 'EUR', unit: 'MONTH' }],
    ['$60,000 - $80,000 per year', { min: 60000, max: 80000, currency: 'USD', unit: 'YEAR' }],
    ['500 000 тенге', { min: 500000, max: 500000, currency: 'KZT', unit: 'MONTH' }],
    ['300000 KZT', { min: 300000, max: 300000, currency: 'KZT', unit: 'MONTH' }],
  ];
  for (const [money, salary] of read) t.same(parseMoney(money), salary, money);

  const unread = [
    'по договорённости',
    'от 100к',
    '$100k',
    '100-150 тыс. руб.',
    '325', // no currency
    '30 000 + 3% от продаж',
    'от 150 000 руб. + бонусы',
    '100 000 руб. или $1500',
    '200 000 - 150 000 руб.', // min above max
    '100 000 200 000 руб.', // two amounts, no range
    '$60000', // a month's pay in dollars this high is more likely a year's
    '1,5 млн руб.',
    '',
  ];
  for (const money of unread) t.equal(parseMoney(money), undefined, money);

  const action = upsertOf(map('EDIT', { money: 'по договорённости' }));
  t.equal(action.input.baseSalary, undefined);
  t.equal(action.extra.money, 'по договорённости', 'the raw text is kept');
  t.equal(upsertOf(map('EDIT', { money: '$3000' })).extra.money, '$3000', 'kept also when read');
  t.notOk('money' in upsertOf(map('EDIT', { money: null })).extra);
});

t.test('region and division: names only when they are text; raw values kept', async (t) => {
  const ids = upsertOf(map('EDIT', { account_region: 3, account_division: 7 }));
  t.equal(ids.input.jobLocation, undefined);
  t.equal(ids.extra.account_region, 3);
  t.equal(ids.extra.account_division, 7);
  const unnamed = upsertOf(map('EDIT', { account_region: { id: 3, name: null } }));
  t.equal(unnamed.input.jobLocation, undefined);
  t.same(unnamed.extra.account_region, { id: 3, name: null });
});

t.test('organisation: company, else the account name', async (t) => {
  t.same(upsertOf(map('EDIT', { company: null })).input.hiringOrganization, { name: 'Ромашка Групп' });
  const bare = { event: { vacancy: { ...vacancy, company: null }, vacancy_log: { state: 'EDIT' } } };
  t.equal(upsertOf(huntflow.map(VACANCY, bare)).input.hiringOrganization, undefined);
});

t.test('deadline: the vacancy\'s, else the latest open quota\'s; anything else is kept raw', async (t) => {
  const quotas = [
    { id: 1, closed: null, deadline: '2026-11-30' },
    { id: 2, closed: null, deadline: '2027-01-15' },
    { id: 3, closed: '2026-10-01T12:00:00+03:00', deadline: '2027-06-01' },
  ];
  t.equal(upsertOf(map('EDIT', { deadline: null, fill_quotas: quotas })).input.validThrough, '2027-01-15T23:59:59Z');
  t.equal(upsertOf(map('EDIT', { deadline: null, fill_quotas: [] })).input.validThrough, undefined);
  const odd = upsertOf(map('EDIT', { deadline: 'скоро', fill_quotas: [] }));
  t.equal(odd.input.validThrough, undefined);
  t.equal(odd.extra.deadline, 'скоро');
});

t.test('custom field values too large for extra are left out', async (t) => {
  const huge = { notes: 'x'.repeat(MAX_EXTRA_VALUE_CHARS + 1) };
  const action = upsertOf(map('EDIT', { values: huge }));
  t.notOk('values' in action.extra);
  t.equal(action.extra.priority, 1, 'the rest is kept');
});

t.test('description: sections headed only when there are several', async (t) => {
  const onlyBody = upsertOf(map('EDIT', { requirements: null, conditions: '   ' }));
  t.equal(onlyBody.input.description, 'Разрабатывать личный кабинет банка.\n\n• React, TypeScript\n• Код-ревью');
  const english = upsertOf(map('EDIT', { body: '<p>Build the bank\'s web app.</p>', requirements: '<p>Requirements: React</p>', conditions: '<p>Remote</p>' }));
  t.equal(english.input.description, "Responsibilities:\nBuild the bank's web app.\n\nRequirements: React\n\nConditions:\nRemote", 'English headings; one already there is not repeated');
  t.equal(upsertOf(map('EDIT', { body: null, requirements: null, conditions: null })).input.description, undefined, 'none: left for the caller');
});

t.test('HTML to text', async (t) => {
  t.equal(htmlToText('<p>Один</p><p>Два<br/>три</p>'), 'Один\n\nДва\nтри');
  t.equal(htmlToText('<h2>Стек</h2><ul>\n<li>Node.js</li>\n<li>PostgreSQL<ul><li>pg-boss</li></ul></li>\n<li></li></ul>'), 'Стек\n\n• Node.js\n• PostgreSQL\n• pg-boss');
  t.equal(htmlToText('<ol><li>first</li><li>second</li></ol>'), '• first\n• second');
  t.equal(htmlToText('A&nbsp;&amp;&nbsp;B &laquo;C&raquo; &#8212; &#x1F680; &mdash; &unknown;'), 'A & B «C» — 🚀 — &unknown;');
  t.equal(htmlToText('<p>bad &#0; &#xD800; refs</p>'), 'bad refs', 'references to no character are dropped');
  t.equal(htmlToText('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'), '<script>alert(1)</script>', 'escaped markup stays text');
  t.equal(htmlToText('<p>x</p><script>alert(1)</script><style>p{}</style><!-- note -->y'), 'x\n\ny');
  t.equal(htmlToText('<a title="a > b" href="https://x.example">link</a> text'), 'link text', '">" inside a quoted attribute');
  t.equal(htmlToText('<p>spaced\n   over\n lines</p>'), 'spaced over lines', 'source line breaks are spaces in HTML');
  t.equal(htmlToText('plain text\n\n\n\nstays &amp; keeps\nits lines'), 'plain text\n\nstays & keeps\nits lines');
  t.equal(htmlToText('&lt;p&gt;Escaped &amp;amp; twice&lt;/p&gt;&lt;ul&gt;&lt;li&gt;one&lt;/li&gt;&lt;/ul&gt;'), 'Escaped & twice\n\n• one');
  t.equal(htmlToText('<table><tr><td>a</td><td>b</td></tr></table>'), 'a b');
  t.equal(htmlToText('nul\u0000 and\u0007 bell'), 'nul and bell');
  t.equal(htmlToText('2 < 3 and 5 > 4'), '2 < 3 and 5 > 4', 'a bare "<" is not a tag');
});

t.test('atsKinds names huntflow', async (t) => {
  t.equal(atsKinds.huntflow, huntflow);
  t.equal(atsKinds.huntflow.kind, 'huntflow');
});
