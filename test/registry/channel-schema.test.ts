import t from 'tap';
import { channelEntrySchema, validateAddress, type Network } from '../../src/registry/channel-schema.js';

const accepts: Array<[Network, string, string]> = [
  ['telegram', '@rabota_v_media', '@rabota_v_media'],
  ['telegram', ' @Design_Hunters ', '@Design_Hunters'],
  ['telegram', '-1001234567890', '-1001234567890'],
  ['telegram', 'https://t.me/devops_jobs', '@devops_jobs'],
  ['vk', '123456', '123456'],
  ['vk', '-123456', '123456'],
  ['vk', 'rabota_spb', 'rabota_spb'],
  ['vk', 'https://vk.com/Rabota.SPB', 'rabota.spb'],
  ['vk', 'vk.com/club987', '987'],
  ['ok', '54321987654321', '54321987654321'],
  ['ok', 'https://ok.ru/group/54321987654321', '54321987654321'],
  ['ok', 'https://ok.ru/group54321987654321', '54321987654321'],
  ['ok', 'https://ok.ru/rabotavrossii', 'https://ok.ru/rabotavrossii'],
  ['facebook', 'https://www.facebook.com/groups/123456789/', 'https://www.facebook.com/groups/123456789'],
  ['facebook', 'https://m.facebook.com/groups/hr.vacancies/posts/1?ref=share', 'https://www.facebook.com/groups/hr.vacancies'],
  ['facebook', 'https://www.facebook.com/SomeCompanyPage', 'https://www.facebook.com/SomeCompanyPage'],
  ['facebook', 'https://www.facebook.com/profile.php?id=100012345', 'https://www.facebook.com/profile.php?id=100012345'],
  ['linkedin', 'https://www.linkedin.com/groups/1234567/', 'https://www.linkedin.com/groups/1234567'],
  ['linkedin', 'https://ru.linkedin.com/company/acme', 'https://www.linkedin.com/company/acme'],
  ['linkedin', 'urn:li:organization:5515715', 'urn:li:organization:5515715'],
  ['linkedin', 'urn:li:person:AbC-12_x', 'urn:li:person:AbC-12_x'],
];

const rejects: Array<[Network, string, RegExp]> = [
  ['telegram', '@abc', /5–32/],
  ['telegram', '@1channel', /starts with a letter/],
  ['telegram', '@has-dash', /letters, digits or "_"/],
  ['telegram', '1001234567890', /negative/],
  ['telegram', 'https://t.me/+AbCdEf123', /invite link/],
  ['telegram', 'rabota_v_media', /@username/],
  ['vk', 'a', /2–32/],
  ['vk', 'Работа', /screen name/],
  ['vk', 'https://vk.com/', /expected a VK group id/],
  ['vk', 'https://example.com/rabota', /expected a VK group id/],
  ['ok', 'https://ok.ru/profile/123', /expected an OK group id/],
  ['ok', 'https://vk.com/group/123', /expected an OK group id/],
  ['facebook', 'https://www.fakebook.com/groups/1', /facebook\.com/],
  ['facebook', 'https://www.facebook.com/login', /facebook\.com/],
  ['facebook', 'ftp://facebook.com/groups/1', /facebook\.com/],
  ['linkedin', 'https://www.linkedin.com/in/someone', /groups\/<id>/],
  ['linkedin', 'urn:li:organization:acme', /urn:li:organization:<digits>/],
  ['linkedin', 'https://linkedin.com.evil.example/groups/1', /groups\/<id>/],
  ['vk', '   ', /empty/],
  ['facebook', 'https://www.facebook.com/groups/a b', /spaces/],
];

t.test('validateAddress accepts and normalises', async (t) => {
  for (const [network, input, normalized] of accepts) {
    t.same(validateAddress(network, input), { ok: true, normalized }, `${network} ${input}`);
  }
});

t.test('validateAddress rejects with a clear message', async (t) => {
  for (const [network, input, message] of rejects) {
    const result = validateAddress(network, input);
    t.equal(result.ok, false, `${network} ${input}`);
    if (!result.ok) t.match(result.message, message, `${network} ${input}: ${result.message}`);
  }
});

const base = {
  slug: 'vk-test-group',
  network: 'vk',
  name: 'Тестовая группа',
  kind: 'group',
  language: 'ru',
  tags: { professions: [], cities: [], remote: false },
  mode: 'suggest',
  address: null,
  status: 'needs_address',
  rules: {
    requiredHashtags: [],
    maxLength: null,
    minDaysBetweenPosts: 7,
    postingHours: { from: '09:00', to: '21:00', timeZone: 'Europe/Moscow' },
    adsAllowed: null,
  },
};

const issuesOf = (entry: unknown) => {
  const parsed = channelEntrySchema.safeParse(entry);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

t.test('entry schema: cross-field rules', async (t) => {
  t.same(issuesOf(base), []);
  t.same(issuesOf({ ...base, address: 'rabota_spb', status: 'active' }), [], 'an address set makes it active-able');
  t.matchOnly(issuesOf({ ...base, address: 'https://vk.com/Rabota_SPB', status: 'active' }), [/address: must be stored normalised as "rabota_spb"/]);
  t.matchOnly(issuesOf({ ...base, address: 'rabota_spb' }), [/status: must not be "needs_address"/]);
  t.matchOnly(issuesOf({ ...base, address: '@not_vk', status: 'active' }), [/address: a VK screen name/]);
  t.matchOnly(issuesOf({ ...base, status: 'disabled' }), [/status: must be "needs_address" while address is null/]);
  t.matchOnly(issuesOf({ ...base, network: 'linkedin', slug: 'linkedin-x' }), [/mode: a linkedin group can only be "assisted"/, /mode: linkedin has no suggested-post queue/]);
  t.same(issuesOf({ ...base, network: 'facebook', slug: 'facebook-our-page', kind: 'page', mode: 'api' }), [], 'a Facebook Page can be posted by API');
  t.matchOnly(issuesOf({ ...base, slug: 'ok-test' }), [/slug: must start with "vk-"/]);
  t.matchOnly(issuesOf({ ...base, slug: 'vk-Тест' }), [/slug: must be lower-case ascii/]);
  t.matchOnly(issuesOf({ ...base, name: 'Группа ' }), [/name: must not be blank or end with whitespace/]);
  t.matchOnly(issuesOf({ ...base, tags: { ...base.tags, professions: ['it', 'it'] } }), [/tags.professions: must not repeat/]);
  t.matchOnly(issuesOf({ ...base, rules: { ...base.rules, requiredHashtags: ['#JOB18'] } }), [/requiredHashtags.0: must be letters/]);
});

t.test('entry schema: posting hours', async (t) => {
  const withHours = (postingHours: object) => ({ ...base, rules: { ...base.rules, postingHours } });
  t.same(issuesOf(withHours({ from: '22:00', to: '06:00', timeZone: 'Asia/Chita' })), [], 'a window across midnight');
  t.matchOnly(issuesOf(withHours({ from: '24:00', to: '06:00', timeZone: 'Europe/Moscow' })), [/postingHours.from: must be HH:MM/]);
  t.matchOnly(issuesOf(withHours({ from: '09:00', to: '9:30', timeZone: 'Europe/Moscow' })), [/postingHours.to: must be HH:MM/]);
  t.matchOnly(issuesOf(withHours({ from: '09:00', to: '09:00', timeZone: 'Europe/Moscow' })), [/postingHours.to: must differ/]);
  t.matchOnly(issuesOf(withHours({ from: '09:00', to: '21:00', timeZone: 'Moscow' })), [/postingHours.timeZone: must be an IANA time zone/]);
});
