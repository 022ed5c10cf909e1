// planTargets rule by rule, on small synthetic workspaces.
import t from 'tap';
import { planTargets } from '../../src/targeting/plan.js';
import type { ExclusionCode, TargetableGroup, TargetingRequest } from '../../src/targeting/types.js';
import { group, historyOf, NOW, noHistory, vacancy } from './helpers.js';

const plan1 = (g: TargetableGroup, request: TargetingRequest = {}, v = vacancy(), history = noHistory) =>
  planTargets(v, [g], request, history, NOW);
const onlyExcluded = (g: TargetableGroup, request: TargetingRequest = {}, v = vacancy(), history = noHistory) => {
  const plan = plan1(g, request, v, history);
  if (plan.excluded.length !== 1) throw new Error(`expected one exclusion, got ${JSON.stringify(plan)}`);
  return plan.excluded[0]!;
};
const onlySelected = (g: TargetableGroup, request: TargetingRequest = {}, v = vacancy()) => {
  const plan = plan1(g, request, v);
  if (plan.selected.length !== 1) throw new Error(`expected one selection, got ${JSON.stringify(plan)}`);
  return plan.selected[0]!;
};

t.test('each exclusion code', async (t) => {
  const cases: Array<[ExclusionCode, TargetableGroup, TargetingRequest?, ReturnType<typeof historyOf>?]> = [];
  const ex = group();
  cases.push(['excluded_explicitly', ex, { exclude: [ex.slug] }]);
  cases.push(['disabled', group({ status: 'disabled' })]);
  cases.push(['network_filtered', group({ network: 'vk' }), { networks: ['telegram'] }]);
  cases.push(['mode_filtered', group({ mode: 'suggest' }), { modes: ['api'] }]);
  cases.push(['language', group({ language: 'en' })]);
  cases.push(['profession', group({ tags: { professions: ['design'] } })]);
  cases.push(['location', group({ tags: { cities: ['spb'] } })]);
  cases.push(['no_address', group({ status: 'needs_address', address: null })]);
  cases.push(['no_account', group({ mode: 'api', account: null })]);
  cases.push(['account_needs_reauth', group({ mode: 'suggest', account: { id: 'acc-9', status: 'needs_reauth' } })]);
  const recent = group();
  cases.push(['posted_recently', recent, {}, historyOf({ [recent.id]: '2026-01-30T12:00:00.000Z' })]);

  t.equal(new Set(cases.map(([code]) => code)).size, 11, 'all eleven codes covered');
  for (const [code, g, request, history] of cases) {
    const x = onlyExcluded(g, request ?? {}, vacancy(), history ?? noHistory);
    t.equal(x.code, code, code);
    t.ok(x.detail.length > 10, `${code} explains itself: ${x.detail}`);
    t.same(
      { groupId: x.groupId, slug: x.slug, network: x.network, name: x.name, mode: x.mode },
      { groupId: g.id, slug: g.slug, network: g.network, name: g.name, mode: g.mode },
    );
    // Only the audience codes mean the group did not suit the vacancy.
    t.equal(x.matchedAudience, !['language', 'profession', 'location'].includes(code), `${code} matchedAudience`);
  }
});

t.test('one reason per group, by precedence', async (t) => {
  // Everything wrong at once: the first rule in the order wins.
  const bad = () =>
    group({ status: 'disabled', network: 'ok', mode: 'api', language: 'en', address: null, account: null, tags: { professions: ['hr'], cities: ['spb'] } });
  const g1 = bad();
  t.equal(onlyExcluded(g1, { exclude: [g1.id], include: [g1.id] }).code, 'excluded_explicitly', 'exclude beats include');
  t.equal(onlyExcluded(bad(), { networks: ['vk'] }).code, 'disabled');
  t.equal(onlyExcluded(group({ network: 'ok', mode: 'api' }), { networks: ['vk'], modes: ['assisted'] }).code, 'network_filtered');
  t.equal(onlyExcluded(group({ language: 'en', tags: { professions: ['hr'] } })).code, 'language');
  t.equal(onlyExcluded(group({ tags: { professions: ['hr'], cities: ['spb'] } })).code, 'profession');
  const audienceAndAddress = onlyExcluded(group({ tags: { cities: ['spb'] }, address: null, status: 'needs_address' }));
  t.equal(audienceAndAddress.code, 'location', 'audience before feasibility for groups not included');
  const addressAndAccount = onlyExcluded(group({ mode: 'api', address: null, status: 'needs_address', account: null }));
  t.equal(addressAndAccount.code, 'no_address');
  t.equal(onlyExcluded(group({ status: 'needs_address', address: 'x' })).code, 'no_address', 'status alone');
  t.equal(onlyExcluded(group({ status: 'active', address: null })).code, 'no_address', 'address alone');
});

t.test('explicit include skips the audience checks, not feasibility', async (t) => {
  const foreign = group({ language: 'en', tags: { professions: ['design'], cities: ['kazan'] } });
  const chosen = onlySelected(foreign, { include: [foreign.slug] });
  t.same(chosen.reasons, [
    'included explicitly',
    'included despite language: the group posts in en; the vacancy is in ru',
    'included despite profession: the group is for design; the vacancy is for marketing',
    'included despite location: the group is for kazan; the vacancy is in moscow or remote; a remote vacancy is not pushed into groups for other places',
  ]);
  const fitting = group();
  t.same(onlySelected(fitting, { include: [fitting.id] }).reasons, [
    'included explicitly',
    'language: ru',
    'general job board',
    'location: any (no location restriction)',
  ], 'by id, with the matches still listed');

  const noAddress = group({ language: 'en', status: 'needs_address', address: null });
  const x = onlyExcluded(noAddress, { include: [noAddress.slug] });
  t.equal(x.code, 'no_address');
  t.equal(x.matchedAudience, true, 'the recruiter chose it, so it counts as matching');
  const noAccount = group({ language: 'en', mode: 'api', account: null });
  t.equal(onlyExcluded(noAccount, { include: [noAccount.id] }).code, 'no_account');
  const filtered = group({ language: 'en', network: 'ok' });
  t.equal(onlyExcluded(filtered, { include: [filtered.id], networks: ['vk'] }).code, 'network_filtered', 'filters still apply');
});

t.test('unknown includes are reported once, in request order', async (t) => {
  const a = group();
  const b = group();
  const plan = planTargets(vacancy(), [a, b], { include: ['nope-2', a.slug, 'nope-1', b.id, 'nope-2'] }, noHistory, NOW);
  t.same(plan.unknownIncludes, ['nope-2', 'nope-1']);
  t.equal(plan.selected.length, 2);
  t.same(planTargets(vacancy(), [a], { exclude: ['nope'] }, noHistory, NOW).unknownIncludes, [], 'unknown excludes are harmless');
});

t.test('posted_recently and nextAllowedAt', async (t) => {
  const g = group({ rules: { ...group().rules, minDaysBetweenPosts: 7 } });
  const last = '2026-01-30T12:00:00.000Z';
  const x = onlyExcluded(g, {}, vacancy(), historyOf({ [g.id]: last }));
  t.equal(x.code, 'posted_recently');
  t.equal(x.nextAllowedAt, '2026-02-06T12:00:00.000Z');
  t.equal(x.matchedAudience, true);
  t.match(x.detail, /2026-01-30T12:00:00\.000Z.*7 days/);

  t.equal(plan1(g, {}, vacancy(), historyOf({ [g.id]: '2026-01-25T12:00:00.000Z' })).selected.length, 1, 'exactly 7 days later is allowed');
  t.equal(plan1(g, {}, vacancy(), historyOf({ 'other-group': last })).selected.length, 1, 'another group’s post does not count');
  const zero = group({ rules: { ...group().rules, minDaysBetweenPosts: 0 } });
  t.equal(plan1(zero, {}, vacancy(), historyOf({ [zero.id]: NOW.toISOString() })).selected.length, 1, '0 days: no limit');
  const included = group({ language: 'en' });
  t.equal(onlyExcluded(included, { include: [included.id] }, vacancy(), historyOf({ [included.id]: last })).code, 'posted_recently', 'include does not skip it');
  t.notOk(onlyExcluded(group({ language: 'en' })).nextAllowedAt, 'only posted_recently carries nextAllowedAt');
});

t.test('accounts: api and suggest need an active one, assisted needs none', async (t) => {
  t.equal(onlySelected(group({ network: 'facebook', mode: 'assisted', account: null })).mode, 'assisted');
  t.equal(onlySelected(group({ network: 'linkedin', mode: 'assisted', account: { id: 'a', status: 'needs_reauth' } })).mode, 'assisted');
  const reauth = onlyExcluded(group({ network: 'telegram', mode: 'api', account: { id: 'bot-1', status: 'needs_reauth' } }));
  t.equal(reauth.code, 'account_needs_reauth');
  t.match(reauth.detail, /telegram account bot-1/);
  t.equal(onlyExcluded(group({ mode: 'suggest', account: null })).code, 'no_account');
});

t.test('network and mode filters: empty lists filter nothing', async (t) => {
  t.equal(plan1(group(), { networks: [], modes: [] }).selected.length, 1);
  t.equal(plan1(group({ network: 'telegram', mode: 'api' }), { networks: ['telegram', 'vk'], modes: ['api'] }).selected.length, 1);
  t.match(onlyExcluded(group({ mode: 'suggest' }), { modes: ['api', 'assisted'] }).detail, /suggest is not among the requested modes \(api, assisted\)/);
});

t.test('professions', async (t) => {
  const frontend = vacancy({ audience: { professions: ['frontend'], seniority: [] } });
  t.same(onlySelected(group({ tags: { professions: ['it'] } }), {}, frontend).reasons[1], 'profession: frontend (group: it)');
  t.same(
    onlySelected(group({ tags: { professions: ['it', 'development', 'javascript'] } }), {}, frontend).reasons[1],
    'profession: frontend (group: it, development)',
  );
  const it = vacancy({ audience: { professions: ['it'], seniority: [] } });
  t.equal(onlyExcluded(group({ tags: { professions: ['javascript'] } }), {}, it).code, 'profession', 'a narrow group does not take a broad vacancy');
  const analytics = vacancy({ audience: { professions: ['analytics'], seniority: [] } });
  t.equal(onlyExcluded(group({ tags: { professions: ['it'] } }), {}, analytics).code, 'profession', 'analytics is not under it');
  const smm = vacancy({ audience: { professions: ['smm'], seniority: [] } });
  t.same(onlySelected(group({ tags: { professions: ['marketing'] } }), {}, smm).reasons[1], 'profession: smm (group: marketing)');
  const both = vacancy({ audience: { professions: ['marketing', 'pr'], seniority: [] } });
  t.same(onlySelected(group({ tags: { professions: ['pr', 'digital'] } }), {}, both).reasons.slice(1, 3), [
    'profession: marketing (group: digital)',
    'profession: pr',
  ], 'every matching vacancy profession is listed');

  const barista = vacancy({ audience: { professions: ['barista'], seniority: [] } });
  t.match(onlyExcluded(group({ tags: { professions: ['marketing'] } }), {}, barista).detail, /\(barista\) are outside the registry vocabulary, so only general job boards match/);
  t.ok(onlySelected(group(), {}, barista).reasons.includes('general job board'));
  const none = vacancy({ audience: { professions: [], seniority: [] } });
  t.match(onlyExcluded(group({ tags: { professions: ['marketing'] } }), {}, none).detail, /no profession tags/);
  t.ok(onlySelected(group(), {}, none).reasons.includes('general job board'));
});

t.test('location', async (t) => {
  const moscowOnsite = vacancy({ jobLocation: { city: 'г. Москва', country: 'RU' }, jobLocationType: undefined });
  const remoteOnly = group({ tags: { remote: true } });
  t.match(onlyExcluded(remoteOnly, {}, moscowOnsite).detail, /^the group takes remote vacancies only; the vacancy is in moscow$/);
  t.same(onlySelected(remoteOnly).reasons.at(-1), 'takes remote vacancies', 'the sample is remote');
  t.same(onlySelected(group({ tags: { cities: ['russia'] } }), {}, moscowOnsite).reasons.at(-1), 'location: moscow (group: russia)');
  t.same(onlySelected(group({ tags: { cities: ['spb', 'moscow'] } }), {}, moscowOnsite).reasons.at(-1), 'location: moscow');
  t.equal(onlyExcluded(group({ tags: { cities: ['nordic'] } }), {}, moscowOnsite).code, 'location');

  // Remote with no place: remote groups, boards without restriction and country-wide groups.
  const remoteNowhere = vacancy({ jobLocation: undefined, jobLocationType: 'TELECOMMUTE' });
  t.equal(plan1(remoteOnly, {}, remoteNowhere).selected.length, 1);
  t.equal(plan1(group({ tags: { cities: ['russia'] } }), {}, remoteNowhere).selected.length, 1);
  t.match(onlyExcluded(group({ tags: { cities: ['kazan'] } }), {}, remoteNowhere).detail, /the vacancy is remote and names no place; a remote vacancy is not pushed/);

  // Neither a place nor remote: no-restriction and country-wide groups only.
  const nowhere = vacancy({ jobLocation: undefined, jobLocationType: undefined });
  t.same(onlySelected(group({ tags: { cities: ['russia', 'cis'] } }), {}, nowhere).reasons.at(-1), 'location: not stated by the vacancy; the group covers russia, cis');
  t.match(onlyExcluded(group({ tags: { cities: ['moscow'] } }), {}, nowhere).detail, /names no place and is not remote/);
  t.equal(onlyExcluded(group({ tags: { cities: ['altai-krai'] } }), {}, nowhere).code, 'location', 'a region is not country-wide');
  t.equal(plan1(group(), {}, nowhere).selected.length, 1);

  // An unknown city: named in the detail; its country still reaches country-wide groups.
  const novosibirsk = vacancy({ jobLocation: { city: 'Новосибирск', country: 'RU' }, jobLocationType: undefined });
  t.same(onlySelected(group({ tags: { cities: ['russia'] } }), {}, novosibirsk).reasons.at(-1), 'location: russia');
  t.match(onlyExcluded(group({ tags: { cities: ['spb'] } }), {}, novosibirsk).detail, /city "Новосибирск" is not a place the registry knows, so it cannot be matched by city/);
  const berlin = vacancy({ jobLocation: { city: 'Berlin' }, jobLocationType: undefined });
  t.equal(onlyExcluded(group({ tags: { cities: ['russia'] } }), {}, berlin).code, 'location', 'an unknown city in an unknown country is not assumed to be in Russia');
  t.equal(planTargets(berlin, [], {}, noHistory, NOW).audience.city, null);
});

t.test('output order: network, then name; audience echoed', async (t) => {
  const groups = [
    group({ network: 'vk', name: 'Б' }),
    group({ network: 'facebook', mode: 'assisted', name: 'Я' }),
    group({ network: 'vk', name: 'А' }),
    group({ network: 'facebook', mode: 'assisted', name: 'A latin' }),
    group({ network: 'vk', name: 'В', language: 'en' }),
    group({ network: 'facebook', mode: 'assisted', name: 'Ж', language: 'en' }),
  ];
  const plan = planTargets(vacancy(), groups, {}, noHistory, NOW);
  // Russian collation (fixed, whatever the machine's locale) puts Cyrillic before Latin.
  t.same(plan.selected.map((s) => `${s.network}:${s.name}`), ['facebook:Я', 'facebook:A latin', 'vk:А', 'vk:Б']);
  t.same(plan.excluded.map((s) => `${s.network}:${s.name}`), ['facebook:Ж', 'vk:В']);
  t.same(planTargets(vacancy(), [...groups].reverse(), {}, noHistory, NOW), plan);
  t.same(plan.audience, { professions: ['marketing'], city: 'moscow', remote: true, language: 'ru' });
});

t.test('past results: a reason for every selected group, an order when asked, never an exclusion', async (t) => {
  const [a, b, c, d] = [group({ name: 'A' }), group({ name: 'B' }), group({ name: 'C' }), group({ name: 'D', status: 'disabled' })];
  const results = new Map([
    [a!.id, { posts: 4, clicksPerPost: 10, applicationsPerPost: 0 }],
    [b!.id, { posts: 2, clicksPerPost: 1, applicationsPerPost: 0.5 }],
    [d!.id, { posts: 9, clicksPerPost: 99, applicationsPerPost: 9 }],
  ]);
  const past = (id: string) => results.get(id);
  const groups = [a!, b!, c!, d!];
  const byName = planTargets(vacancy(), groups, {}, noHistory, NOW, past);
  const ranked = planTargets(vacancy(), groups, { rank: 'performance' }, noHistory, NOW, past);
  t.same(byName.selected.map((g) => g.name), ['A', 'B', 'C'], 'by name unless asked');
  t.same(ranked.selected.map((g) => g.name), ['B', 'A', 'C'], 'applications per post first, then clicks; no posts yet last');
  t.same(ranked.excluded.map((g) => g.name), ['D'], 'a disabled group stays out, whatever it brought');
  t.same(ranked.selected.find((g) => g.name === 'C')!.reasons.at(-1), 'past results: no post has gone out to it yet', 'C is kept, and says why it has no figures');
  t.same(ranked.selected[0]!.past, { posts: 2, clicksPerPost: 1, applicationsPerPost: 0.5 });
  t.notOk('past' in planTargets(vacancy(), groups, {}, noHistory, NOW).selected[0]!, 'no figures when none were given');
});
