// Who asked for a tracked link: a person (a click) or a machine. Link-preview fetchers (the networks
// build a card for every post, often more than once) and crawlers prove the post was delivered, but
// nobody read it: they are counted apart, as previews, never as clicks.
const MACHINES = new RegExp(
  [
    'TelegramBot', 'vkShare', 'facebookexternalhit', 'Facebot', 'LinkedInBot', 'OdklBot', 'WhatsApp', 'Slackbot', 'Twitterbot',
    'Discordbot', 'SkypeUriPreview', 'Viber', 'redditbot', 'Embedly', 'bot', 'crawler', 'spider', 'preview', 'curl/', 'Wget/',
    'python-requests', 'HeadlessChrome',
  ].join('|'),
  'i',
);

export type VisitorKind = 'person' | 'machine';

export function visitorKind(method: string, userAgent: string | undefined): VisitorKind {
  // A HEAD reads no page: it is a check (previews and link validators use it), never a person.
  if (method === 'HEAD') return 'machine';
  if (!userAgent || userAgent.trim() === '') return 'machine';
  return MACHINES.test(userAgent) ? 'machine' : 'person';
}
