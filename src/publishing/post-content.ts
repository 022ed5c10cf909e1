// What one post says: the vacancy rendered for its group through the template a preview would use
// (the group's override, else the workspace's, else the bundled one), with the post's own apply link
// (its tracked link, or the direct one tagged with utm_*: src/responses/tracked-links.ts).
import type { Db } from '../db/database.js';
import type { GroupRules } from '../registry/channel-schema.js';
import type { Renderer } from '../rendering/renderer.js';
import { ESCAPE_FOR } from '../rendering/escape.js';
import { NETWORK_DIALECT } from '../rendering/networks.js';
import type { GroupRow } from '../repositories/group-repo.js';
import { templateOverrideRepo } from '../repositories/template-override-repo.js';
import type { PostContent } from '../networks/types.js';
import type { Vacancy } from '../schemas/vacancy.js';

const APPLY_LABEL = { ru: 'Откликнуться', en: 'Apply' } as const;

/**
 * `workspaceTemplate`: the workspace's template for the group's network when the caller read it
 * already (null: it has none); absent, it is read here.
 */
export async function renderPostContent(
  tx: Db,
  renderer: Renderer,
  input: { workspaceId: string; vacancy: Vacancy; group: GroupRow; applyUrl?: string; workspaceTemplate?: string | null },
): Promise<PostContent> {
  const { vacancy, group } = input;
  const rules = group.rules as GroupRules;
  const workspaceTemplate =
    input.workspaceTemplate !== undefined ? input.workspaceTemplate : (await templateOverrideRepo.find(tx, input.workspaceId, group.network))?.source;
  const source = group.templateOverride ?? workspaceTemplate ?? undefined;
  const context = {
    ...(input.applyUrl ? { applyUrl: input.applyUrl } : {}),
    group: { name: group.name, requiredHashtags: rules.requiredHashtags },
    ...(rules.maxLength ? { maxLength: rules.maxLength } : {}),
  };
  const text = renderer.render(group.network, vacancy, context, source).text;
  const content: PostContent = {
    text,
    ...(input.applyUrl ? { applyUrl: input.applyUrl } : {}),
    applyLabel: APPLY_LABEL[vacancy.language === 'en' ? 'en' : 'ru'],
    linkTitle: vacancy.title,
    ...(vacancy.image ? { imageUrl: vacancy.image } : {}),
  };
  // A Telegram photo caption holds 1024 characters: render a short version for it, and the adapter
  // sends the photo with it, or the full text with the image as a large preview when it cannot fit.
  if (group.network === 'telegram' && vacancy.image) {
    content.captionText = renderer.render('telegram', vacancy, { ...context, asCaption: true }, source).text;
  }
  return content;
}

const CLOSED = {
  ru: (title: string) => `Вакансия закрыта: ${title}. Спасибо всем, кто откликнулся!`,
  en: (title: string) => `This vacancy is closed: ${title}. Thank you to everyone who applied!`,
} as const;

/** The text a published post is edited to when its vacancy closes, escaped for the network. */
export function closedText(network: GroupRow['network'], language: string, title: string): string {
  const dialect = NETWORK_DIALECT[network];
  const say = CLOSED[language === 'en' ? 'en' : 'ru'];
  const escapedTitle = ESCAPE_FOR[dialect](title);
  return dialect === 'telegramHtml' ? `<b>${say(escapedTitle)}</b>` : say(escapedTitle);
}
