// One entry of the curated group registry (channels/<network>.json) and the per-network
// address check used when a person later tells us where a group actually lives.
// The registry ships with names only, so every entry starts as `needs_address`.
import { z } from 'zod';

export const NETWORKS = ['telegram', 'vk', 'facebook', 'linkedin', 'ok'] as const;
// api: we publish ourselves; suggest: the network queues our post for the group's moderators;
// assisted: we render the post and a person pastes it (no API can reach the target).
export const POSTING_MODES = ['api', 'suggest', 'assisted'] as const;
// channels/ entries; a workspace's groups may also be `broken` (the network said so, src/registry-live).
export const CHANNEL_STATUSES = ['needs_address', 'active', 'disabled'] as const;
export const GROUP_STATUSES = [...CHANNEL_STATUSES, 'broken'] as const;
export const GROUP_KINDS = ['group', 'channel', 'page', 'board'] as const;
export const CHANNEL_LANGUAGES = ['ru', 'en'] as const;
// Closed on purpose: targeting matches vacancy professions against these words, and a
// free-form tag ("dev" next to "development") would silently never match.
export const PROFESSIONS = [
  'it',
  'development',
  'frontend',
  'mobile',
  'devops',
  'qa',
  'python',
  'javascript',
  'design',
  'marketing',
  'smm',
  'pr',
  'digital',
  'hr',
  'management',
  'analytics',
  'sales',
  'media',
  'creative',
  'non-tech',
  'shift-work',
] as const;

// Neither network offers any way for an app to post into a group (platforms.md).
const ASSISTED_ONLY_GROUPS: ReadonlySet<Network> = new Set(['facebook', 'linkedin']);
// Only VK (post_type "suggest"), OK (GROUP_SUGGESTED) and Telegram (suggested posts) have a moderation queue.
const SUGGEST_CAPABLE: ReadonlySet<Network> = new Set(['vk', 'ok', 'telegram']);

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
// The window's end may be midnight at the day's close: 00:00–24:00 is the whole day.
const HH_MM_END = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const SLUG_PATTERN = /^[a-z]+-[a-z0-9]+(?:-[a-z0-9]+)*$/;

const slug = z.string().max(80).regex(SLUG_PATTERN, 'must be lower-case ascii words joined by "-", e.g. "vk-rabota-spb"');

const locationSlug = z.string().regex(/^[a-z]+(?:-[a-z]+)*$/, 'must be a lower-case ascii slug such as "spb" or "ulan-ude"');

const uniqueList = <T extends z.ZodType<string>>(item: T) =>
  z.array(item).refine((xs) => new Set(xs).size === xs.length, 'must not repeat a value');

export const groupTagsSchema = z.strictObject({
  // Empty means a general board: any profession.
  professions: uniqueList(z.enum(PROFESSIONS)),
  cities: uniqueList(locationSlug),
  remote: z.boolean(),
});

export const postingHoursSchema = z
  .strictObject({
    from: z.string().regex(HH_MM, 'must be HH:MM (00:00–23:59)'),
    to: z.string().regex(HH_MM_END, 'must be HH:MM (00:00–24:00)'),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as "Europe/Moscow"'),
  })
  // from > to is a window across midnight; from === to would be an empty (or full) day, never meant.
  .refine((h) => h.from !== h.to, { message: 'must differ from "from"', path: ['to'] });

export const groupRulesSchema = z.strictObject({
  // Stored without "#", as vacancy hashtags are.
  requiredHashtags: uniqueList(z.string().regex(/^[\p{L}\p{N}_]{1,60}$/u, 'must be letters, digits or "_" without "#"')),
  // null: the network's own limit applies.
  maxLength: z.number().int().positive().nullable(),
  // For re-posting the same vacancy into the same group.
  minDaysBetweenPosts: z.number().int().min(0).max(365),
  postingHours: postingHoursSchema,
  // null: unknown; nobody has read the group's rules yet.
  adsAllowed: z.boolean().nullable(),
});

export const channelEntrySchema = z
  .strictObject({
    slug,
    network: z.enum(NETWORKS),
    name: z
      .string()
      .min(1)
      .max(300)
      .refine((s) => s === s.trimEnd() && s.trim() !== '', 'must not be blank or end with whitespace'),
    kind: z.enum(GROUP_KINDS),
    language: z.enum(CHANNEL_LANGUAGES),
    tags: groupTagsSchema,
    mode: z.enum(POSTING_MODES),
    address: z.string().min(1).nullable(),
    status: z.enum(CHANNEL_STATUSES),
    rules: groupRulesSchema,
    notes: z.string().min(1).max(2000).optional(),
  })
  .superRefine((e, ctx) => {
    if (!e.slug.startsWith(`${e.network}-`)) {
      ctx.addIssue({ code: 'custom', path: ['slug'], message: `must start with "${e.network}-"` });
    }
    if (ASSISTED_ONLY_GROUPS.has(e.network) && e.kind === 'group' && e.mode !== 'assisted') {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: `a ${e.network} group can only be "assisted": no API posts into it` });
    }
    if (e.mode === 'suggest' && !SUGGEST_CAPABLE.has(e.network)) {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: `${e.network} has no suggested-post queue` });
    }
    if (e.address === null && e.status !== 'needs_address') {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'must be "needs_address" while address is null' });
    }
    if (e.address !== null) {
      if (e.status === 'needs_address') {
        ctx.addIssue({ code: 'custom', path: ['status'], message: 'must not be "needs_address" once an address is set' });
      }
      const checked = validateAddress(e.network, e.address);
      if (!checked.ok) {
        ctx.addIssue({ code: 'custom', path: ['address'], message: checked.message });
      } else if (checked.normalized !== e.address) {
        ctx.addIssue({ code: 'custom', path: ['address'], message: `must be stored normalised as "${checked.normalized}"` });
      }
    }
  });

export const channelFileSchema = z.array(channelEntrySchema);

export type Network = (typeof NETWORKS)[number];
export type PostingMode = (typeof POSTING_MODES)[number];
export type GroupStatus = (typeof GROUP_STATUSES)[number];
export type GroupKind = (typeof GROUP_KINDS)[number];
export type Profession = (typeof PROFESSIONS)[number];
export type GroupTags = z.infer<typeof groupTagsSchema>;
export type GroupRules = z.infer<typeof groupRulesSchema>;
export type ChannelEntry = z.infer<typeof channelEntrySchema>;

// ---- addresses -------------------------------------------------------------------------------

export type AddressCheck = { ok: true; normalized: string } | { ok: false; message: string };

const ok = (normalized: string): AddressCheck => ({ ok: true, normalized });
const fail = (message: string): AddressCheck => ({ ok: false, message });

// People paste "vk.com/foo" as often as "https://vk.com/foo"; both mean the same page.
function parseWebUrl(input: string, hosts: readonly string[]): URL | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  return hosts.some((h) => host === h || host.endsWith(`.${h}`)) ? url : null;
}

function pathSegments(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment; // a stray "%" is the validator's problem to reject, not a crash
      }
    });
}

const TELEGRAM_USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;

function telegramAddress(input: string): AddressCheck {
  if (/^-\d+$/.test(input)) {
    return input.length <= 20 ? ok(input) : fail('a Telegram chat id is at most 19 digits');
  }
  if (/^\d+$/.test(input)) {
    return fail('a Telegram group or channel chat id is negative, e.g. -1001234567890 (positive ids are users)');
  }
  let username = input.startsWith('@') ? input.slice(1) : null;
  if (username === null) {
    const url = parseWebUrl(input, ['t.me', 'telegram.me']);
    const segments = url ? pathSegments(url) : [];
    if (!url || segments.length !== 1) {
      return fail('expected a Telegram @username, a t.me/<username> link or a negative chat id such as -1001234567890');
    }
    if (segments[0]!.startsWith('+') || segments[0] === 'joinchat') {
      return fail('a private invite link cannot be used by a bot: give the chat id or a public @username');
    }
    username = segments[0]!;
  }
  if (!TELEGRAM_USERNAME.test(username)) {
    return fail('a Telegram username is 5–32 letters, digits or "_" and starts with a letter');
  }
  return ok(`@${username}`);
}

// VK treats club123 / public123 / event123 as the numeric id of group 123.
const VK_ID_ALIAS = /^(?:club|public|event)([1-9]\d{0,11})$/;
const VK_SCREEN_NAME = /^[a-z0-9_.]{2,32}$/;

function vkAddress(input: string): AddressCheck {
  if (/^[1-9]\d{0,11}$/.test(input)) return ok(input);
  if (/^-[1-9]\d{0,11}$/.test(input)) return ok(input.slice(1)); // owner_id form of the same group
  let name = input.toLowerCase();
  if (/[/:]/.test(input)) {
    const url = parseWebUrl(input, ['vk.com', 'vk.ru']);
    const segments = url ? pathSegments(url) : [];
    if (!url || segments.length !== 1) {
      return fail('expected a VK group id, a screen name or a link such as https://vk.com/<screen_name>');
    }
    name = segments[0]!.toLowerCase();
  }
  const alias = VK_ID_ALIAS.exec(name);
  if (alias) return ok(alias[1]!);
  if (!VK_SCREEN_NAME.test(name)) {
    return fail('a VK screen name is 2–32 characters of a-z, 0-9, "_" or "."');
  }
  return ok(name);
}

// ok.ru paths that are sections of the site, not group short names.
const OK_RESERVED = new Set(['group', 'groups', 'profile', 'feed', 'dk', 'game', 'games', 'app', 'music', 'video', 'search', 'messages']);

function okAddress(input: string): AddressCheck {
  if (/^[1-9]\d{0,19}$/.test(input)) return ok(input);
  const url = parseWebUrl(input, ['ok.ru', 'odnoklassniki.ru']);
  const segments = url ? pathSegments(url) : [];
  const expected = 'expected an OK group id, https://ok.ru/group/<digits> or https://ok.ru/<name>';
  if (!url || segments.length === 0) return fail(expected);
  const first = segments[0]!.toLowerCase();
  if (first === 'group' && segments.length === 2 && /^[1-9]\d{0,19}$/.test(segments[1]!)) return ok(segments[1]!);
  const glued = /^group([1-9]\d{0,19})$/.exec(first);
  if (glued && segments.length === 1) return ok(glued[1]!);
  if (segments.length === 1 && !OK_RESERVED.has(first) && /^[a-z0-9._-]{2,64}$/.test(first)) {
    // A short name still has to be resolved to a gid before API posting; keep the link for that.
    return ok(`https://ok.ru/${first}`);
  }
  return fail(expected);
}

const FACEBOOK_RESERVED = new Set(['login', 'share', 'sharer', 'sharer.php', 'watch', 'events', 'marketplace', 'gaming', 'home.php', 'photo', 'photo.php', 'story.php', 'permalink.php', 'hashtag', 'search']);

function facebookAddress(input: string): AddressCheck {
  const url = parseWebUrl(input, ['facebook.com', 'fb.com']);
  const expected = 'expected an https://www.facebook.com/groups/<id or name> or page URL';
  if (!url) return fail(expected);
  const segments = pathSegments(url);
  const first = segments[0]?.toLowerCase();
  if (first === 'groups' && segments.length >= 2 && /^[\w.-]+$/.test(segments[1]!)) {
    return ok(`https://www.facebook.com/groups/${segments[1]}`);
  }
  if (first === 'profile.php' && segments.length === 1) {
    const id = url.searchParams.get('id');
    return id && /^\d+$/.test(id) ? ok(`https://www.facebook.com/profile.php?id=${id}`) : fail(expected);
  }
  if (first === 'people' && segments.length === 3 && /^\d+$/.test(segments[2]!)) {
    return ok(`https://www.facebook.com/people/${encodeURIComponent(segments[1]!)}/${segments[2]}`);
  }
  if (first && segments.length === 1 && !FACEBOOK_RESERVED.has(first) && /^[\w.-]{2,100}$/.test(segments[0]!)) {
    return ok(`https://www.facebook.com/${segments[0]}`);
  }
  return fail(expected);
}

function linkedinAddress(input: string): AddressCheck {
  if (input.startsWith('urn:')) {
    if (/^urn:li:organization:\d+$/.test(input) || /^urn:li:person:[A-Za-z0-9_-]+$/.test(input)) return ok(input);
    return fail('a LinkedIn URN is urn:li:organization:<digits> or urn:li:person:<id>');
  }
  const url = parseWebUrl(input, ['linkedin.com']);
  const segments = url ? pathSegments(url) : [];
  const kind = segments[0]?.toLowerCase();
  if (url && (kind === 'groups' || kind === 'company') && segments.length >= 2 && /^[\w.%-]+$/.test(segments[1]!)) {
    return ok(`https://www.linkedin.com/${kind}/${segments[1]}`);
  }
  return fail('expected an https://www.linkedin.com/groups/<id> or /company/<name> URL, or urn:li:organization:<id> / urn:li:person:<id>');
}

const ADDRESS_VALIDATORS: Record<Network, (input: string) => AddressCheck> = {
  telegram: telegramAddress,
  vk: vkAddress,
  ok: okAddress,
  facebook: facebookAddress,
  linkedin: linkedinAddress,
};

export function validateAddress(network: Network, address: string): AddressCheck {
  const input = address.trim();
  if (input === '') return fail('address is empty');
  if (/\s/.test(input)) return fail('address must not contain spaces');
  return ADDRESS_VALIDATORS[network](input);
}
