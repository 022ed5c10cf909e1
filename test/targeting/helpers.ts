// Shared builders for the targeting tests (not a test file itself).
import type { ChannelEntry } from '../../src/registry/channel-schema.js';
import { loadChannels } from '../../src/registry/load-channels.js';
import type { Vacancy } from '../../src/schemas/vacancy.js';
import type { PostHistory, TargetableGroup } from '../../src/targeting/types.js';
import { sampleVacancy } from '../fixtures/sample-vacancy.js';

export const NOW = new Date('2026-02-01T12:00:00.000Z');
export const noHistory: PostHistory = { lastPostedAt: () => undefined };

export function historyOf(posts: Record<string, string>): PostHistory {
  return { lastPostedAt: (id) => (posts[id] === undefined ? undefined : new Date(posts[id]!)) };
}

// A plausible address per network; the planner only cares that one is set.
function fakeAddress(e: ChannelEntry, i: number): string {
  switch (e.network) {
    case 'telegram':
      return `@fakegroup${i}`;
    case 'vk':
    case 'ok':
      return String(100_000 + i);
    case 'facebook':
      return `https://www.facebook.com/groups/${100_000 + i}`;
    case 'linkedin':
      return `https://www.linkedin.com/groups/${100_000 + i}`;
  }
}

export function asTargetable(e: ChannelEntry, i: number, feasible: boolean): TargetableGroup {
  const { notes: _notes, ...rest } = e;
  return feasible
    ? { ...rest, id: `g-${i}`, address: fakeAddress(e, i), status: 'active', account: { id: `acc-${e.network}`, status: 'active' } }
    : { ...rest, id: `g-${i}`, account: null };
}

// The real curated registry; `feasible` gives every group an address and an active account.
export async function registryGroups(feasible = true): Promise<TargetableGroup[]> {
  return (await loadChannels()).map((e, i) => asTargetable(e, i, feasible));
}

let counter = 0;
// A synthetic group: a ru general board with no location restriction, feasible, unless overridden.
export function group(over: Partial<Omit<TargetableGroup, 'tags'>> & { tags?: Partial<TargetableGroup['tags']> } = {}): TargetableGroup {
  counter += 1;
  const { tags, ...rest } = over;
  return {
    id: `id-${counter}`,
    slug: `vk-test-${counter}`,
    network: 'vk',
    name: `Test group ${counter}`,
    kind: 'group',
    language: 'ru',
    mode: 'suggest',
    address: `${200_000 + counter}`,
    status: 'active',
    rules: {
      requiredHashtags: [],
      maxLength: null,
      minDaysBetweenPosts: 7,
      postingHours: { from: '09:00', to: '21:00', timeZone: 'Europe/Moscow' },
      adsAllowed: null,
    },
    account: { id: 'acc-1', status: 'active' },
    ...rest,
    tags: { professions: [], cities: [], remote: false, ...tags },
  };
}

export function vacancy(over: Partial<Vacancy> = {}): Vacancy {
  return { ...sampleVacancy, ...over };
}
