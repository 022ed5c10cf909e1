// What an account of each network needs for its posts' responses to reach the service, said by the
// account check: the Bot API, for one, sends reaction counts only to a bot that administers the channel.
import type { NetworkName } from '../../networks/types.js';

export const RESPONSES_NOTE: Record<NetworkName, string> = {
  telegram:
    'Reactions on a channel post reach the service only if the bot is an administrator of the channel, and comments only if it is a member of the ' +
    "channel's discussion group (in groups, with privacy mode off or as an administrator). Set up delivery with POST /v1/accounts/{id}/response-hooks. " +
    'Telegram tells bots no view counts.',
  vk: "Views, likes, reposts and comment counts are read by polling. Comment texts and likes as they happen need the community's Callback API server: POST /v1/accounts/{id}/response-hooks.",
  ok: 'Likes, comments and reshares are read by polling.',
  facebook:
    "Reactions, comments and shares of Page posts are read by polling; comment texts need the app's webhook on the Page's feed: " +
    'POST /v1/accounts/{id}/response-hooks. Posts in groups are assisted and tell nothing.',
  linkedin: "LinkedIn gives a post's statistics only to tokens with the r_organization_social_feed or rw_organization_admin scopes: nothing is read with this one.",
};
