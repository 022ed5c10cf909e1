// The targeting planner: which of a workspace's groups a recruiter would post this vacancy into,
// with the reasons for each group chosen and the one deciding reason for each group left out.
// Pure: no database, no clock (`now` is passed in), same input → same plan.
import type { Vacancy } from '../schemas/vacancy.js';
import { countryPlace, isCountryWide, normaliseCity, placeChain } from './cities.js';
import { isKnownProfession, professionRelation } from './professions.js';
import type {
  ExcludedTarget,
  ExclusionCode,
  PastResults,
  PostHistory,
  SelectedTarget,
  TargetableGroup,
  TargetingPlan,
  TargetingRequest,
} from './types.js';

const DAY_MS = 86_400_000;

interface Audience {
  professions: string[];
  language: 'ru' | 'en';
  remote: boolean;
  city: string | null; // slug of jobLocation.city
  cityText: string | undefined; // as typed, to name it when we cannot place it
  place: string | null; // the narrowest place we know: city, else region, else country
  unlocated: boolean; // no city, region or country at all
}

type AudienceCode = 'language' | 'profession' | 'location';
type Check = { ok: true; reasons: string[] } | { ok: false; code: AudienceCode; detail: string };
type Block = { code: ExclusionCode; detail: string; nextAllowedAt?: string; help?: string };

function describeAudience(vacancy: Vacancy): Audience {
  const loc = vacancy.jobLocation;
  const city = normaliseCity(loc?.city);
  return {
    professions: vacancy.audience.professions,
    language: vacancy.language,
    remote: vacancy.jobLocationType === 'TELECOMMUTE',
    city,
    cityText: loc?.city,
    place: city ?? normaliseCity(loc?.region) ?? countryPlace(loc?.country),
    unlocated: !loc?.city && !loc?.region && !loc?.country,
  };
}

const pass = (reasons: string[]): Check => ({ ok: true, reasons });
const fail = (code: AudienceCode, detail: string): Check => ({ ok: false, code, detail });

function checkLanguage(g: TargetableGroup, a: Audience): Check {
  return g.language === a.language
    ? pass([`language: ${a.language}`])
    : fail('language', `the group posts in ${g.language}; the vacancy is in ${a.language}`);
}

function checkProfession(g: TargetableGroup, a: Audience): Check {
  const groupTags = g.tags.professions;
  if (groupTags.length === 0) return pass(['general job board']);
  const reasons: string[] = [];
  for (const tag of a.professions) {
    if (groupTags.includes(tag)) {
      reasons.push(`profession: ${tag}`);
      continue;
    }
    const via = groupTags.filter((groupTag) => professionRelation(groupTag, tag) !== null);
    if (via.length > 0) reasons.push(`profession: ${tag} (group: ${via.join(', ')})`);
  }
  if (reasons.length > 0) return pass(reasons);
  const groupFor = `the group is for ${groupTags.join(', ')}`;
  if (a.professions.length === 0) {
    return fail('profession', `${groupFor}; the vacancy has no profession tags, so only general job boards match`);
  }
  if (!a.professions.some(isKnownProfession)) {
    return fail(
      'profession',
      `${groupFor}; the vacancy's professions (${a.professions.join(', ')}) are outside the registry vocabulary, so only general job boards match`,
    );
  }
  return fail('profession', `${groupFor}; the vacancy is for ${a.professions.join(', ')}`);
}

function checkLocation(g: TargetableGroup, a: Audience): Check {
  const { cities, remote } = g.tags;
  if (cities.length === 0 && !remote) return pass(['location: any (no location restriction)']);

  const reasons: string[] = [];
  if (a.remote && remote) reasons.push('takes remote vacancies');
  // The group's narrowest place that contains the vacancy's: "moscow" before "russia" before "cis".
  const area = a.place === null ? undefined : placeChain(a.place).find((p) => cities.includes(p));
  if (area !== undefined) {
    reasons.push(area === a.place ? `location: ${area}` : `location: ${a.place} (group: ${area})`);
  } else if (a.unlocated) {
    // A vacancy that names no place at all may still go to country-wide groups (not to cities).
    const wide = cities.filter(isCountryWide);
    if (wide.length > 0) reasons.push(`location: not stated by the vacancy; the group covers ${wide.join(', ')}`);
  }
  if (reasons.length > 0) return pass(reasons);

  const groupSide =
    cities.length === 0
      ? 'the group takes remote vacancies only'
      : `the group is for ${cities.join(', ')}${remote ? ' and remote vacancies' : ''}`;
  let vacancySide: string;
  if (a.cityText !== undefined && a.city === null) {
    vacancySide = `the vacancy's city "${a.cityText}" is not a place the registry knows, so it cannot be matched by city`;
    if (a.place !== null) vacancySide += ` (its ${a.place} is not among the group's places either)`;
  } else if (a.place !== null) {
    vacancySide = `the vacancy is in ${a.place}${a.remote ? ' or remote' : ''}`;
  } else {
    vacancySide = a.remote ? 'the vacancy is remote and names no place' : 'the vacancy names no place and is not remote';
  }
  // Recruiters do not spam, say, Kazan's local group with a Moscow-or-remote job.
  const remoteNote = a.remote && cities.length > 0 ? '; a remote vacancy is not pushed into groups for other places' : '';
  return fail('location', `${groupSide}; ${vacancySide}${remoteNote}`);
}

/** Where the registry tells the next action for a group that cannot be posted to yet. */
export const REGISTRY_HEALTH_PATH = '/v1/registry/health';

function feasibilityBlock(g: TargetableGroup): Block | null {
  const block = feasibility(g);
  return block ? { ...block, help: REGISTRY_HEALTH_PATH } : null;
}

function feasibility(g: TargetableGroup): Block | null {
  if (g.status === 'needs_address' || g.address === null) {
    return {
      code: 'no_address',
      detail: `the group has no address yet; find candidates with POST /v1/groups/${g.id}/candidates or import links (the registry never invents addresses)`,
    };
  }
  if (g.status === 'broken') {
    return { code: 'broken', detail: `the network said it cannot be posted to: ${g.broken?.reason ?? 'no reason recorded'}; verify it again with POST /v1/groups/${g.id}/verify once fixed` };
  }
  // api posts and suggest queues go through a network account; assisted posts are pasted by a person.
  if (g.mode === 'api' || g.mode === 'suggest') {
    if (g.account === null) {
      return { code: 'no_account', detail: `posting mode ${g.mode} needs a connected ${g.network} account; none is linked` };
    }
    if (g.account.status === 'needs_reauth') {
      return { code: 'account_needs_reauth', detail: `the ${g.network} account ${g.account.id} must be re-authorised before posting` };
    }
  }
  return null;
}

function recentPostBlock(g: TargetableGroup, history: PostHistory, now: Date): Block | null {
  const days = g.rules.minDaysBetweenPosts;
  const last = history.lastPostedAt(g.id);
  if (days === 0 || last === undefined || Number.isNaN(last.getTime())) return null;
  const next = new Date(last.getTime() + days * DAY_MS);
  if (now.getTime() >= next.getTime()) return null;
  return {
    code: 'posted_recently',
    detail: `this vacancy was posted here at ${last.toISOString()}; the group allows it once per ${days} day${days === 1 ? '' : 's'}`,
    nextAllowedAt: next.toISOString(),
  };
}

// Absent or empty list: no filter.
const filterSet = <T>(list: T[] | undefined): ReadonlySet<T> | null => (list && list.length > 0 ? new Set(list) : null);

// A fixed locale, so the order does not depend on the machine's settings.
const collator = new Intl.Collator('ru');
type Sortable = { network: string; name: string; slug: string; groupId: string };
function byNetworkThenName(x: Sortable, y: Sortable): number {
  const plain = (p: string, q: string) => (p < q ? -1 : p > q ? 1 : 0);
  return plain(x.network, y.network) || collator.compare(x.name, y.name) || plain(x.slug, y.slug) || plain(x.groupId, y.groupId);
}

/** The selected groups that brought most applications per post first, then most clicks; groups without posts last. */
function byPastResults(x: SelectedTarget, y: SelectedTarget): number {
  if (!x.past || !y.past) return (x.past ? -1 : 0) + (y.past ? 1 : 0) || byNetworkThenName(x, y);
  return y.past.applicationsPerPost - x.past.applicationsPerPost || y.past.clicksPerPost - x.past.clicksPerPost || byNetworkThenName(x, y);
}

const pastReason = (past: PastResults | undefined) =>
  past
    ? `past results: ${past.posts} post(s), ${past.clicksPerPost} click(s) and ${past.applicationsPerPost} application(s) per post`
    : 'past results: no post has gone out to it yet';

export function planTargets(
  vacancy: Vacancy,
  groups: TargetableGroup[],
  request: TargetingRequest,
  history: PostHistory,
  now: Date,
  pastResults?: (groupId: string) => PastResults | undefined,
): TargetingPlan {
  const audience = describeAudience(vacancy);
  const include = new Set(request.include ?? []);
  const exclude = new Set(request.exclude ?? []);
  const networks = filterSet(request.networks);
  const modes = filterSet(request.modes);
  const selected: SelectedTarget[] = [];
  const excluded: ExcludedTarget[] = [];

  for (const g of groups) {
    const ref = { groupId: g.id, slug: g.slug, network: g.network, name: g.name, mode: g.mode };
    const named = (names: ReadonlySet<string>) => names.has(g.id) || names.has(g.slug);
    const included = named(include);
    // Evaluated for every group, so blocked groups can still say whether they suit the audience.
    const checks = [checkLanguage(g, audience), checkProfession(g, audience), checkLocation(g, audience)];
    const failed = checks.find((c) => !c.ok);
    const matchedAudience = included || failed === undefined;

    let block: Block | null = null;
    if (named(exclude)) block = { code: 'excluded_explicitly', detail: 'excluded by the request' };
    else if (g.status === 'disabled') block = { code: 'disabled', detail: 'the group is disabled in this workspace' };
    else if (networks && !networks.has(g.network)) {
      block = { code: 'network_filtered', detail: `network ${g.network} is not among the requested networks (${[...networks].join(', ')})` };
    } else if (modes && !modes.has(g.mode)) {
      block = { code: 'mode_filtered', detail: `posting mode ${g.mode} is not among the requested modes (${[...modes].join(', ')})` };
    } else if (!included && failed && !failed.ok) block = { code: failed.code, detail: failed.detail };
    else block = feasibilityBlock(g) ?? recentPostBlock(g, history, now);

    if (block) {
      excluded.push({ ...ref, ...block, matchedAudience });
      continue;
    }
    // The recruiter's choice overrides the audience checks; the reasons still say what did not fit.
    const reasons = included ? ['included explicitly'] : [];
    for (const c of checks) reasons.push(...(c.ok ? c.reasons : [`included despite ${c.code}: ${c.detail}`]));
    // What the group brought before: shown, and used to rank when asked, never to leave a group out.
    const past = pastResults?.(g.id);
    if (pastResults) reasons.push(pastReason(past));
    // Why it goes out in this mode, as the network showed when the address was verified.
    if (g.postingFacts) reasons.push(`mode ${g.mode}: ${g.postingFacts}`);
    selected.push({ ...ref, reasons, ...(past ? { past } : {}) });
  }

  const known = new Set(groups.flatMap((g) => [g.id, g.slug]));
  return {
    selected: selected.sort(request.rank === 'performance' ? byPastResults : byNetworkThenName),
    excluded: excluded.sort(byNetworkThenName),
    audience: { professions: audience.professions, city: audience.city, remote: audience.remote, language: audience.language },
    unknownIncludes: [...include].filter((name) => !known.has(name)),
  };
}
