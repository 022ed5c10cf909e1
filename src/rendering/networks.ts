// The networks this renderer has a bundled template for (templates/<network>.hbs), and the text
// dialect each one speaks. Escaping, measuring and truncating are chosen by dialect, not by network,
// because VK, Facebook and OK all take the same plain text.
export const RENDER_NETWORKS = ['telegram', 'vk', 'facebook', 'ok', 'linkedin'] as const;
export type RenderNetwork = (typeof RENDER_NETWORKS)[number];

export type TextDialect = 'telegramHtml' | 'linkedinLittleText' | 'plain';

export const NETWORK_DIALECT: Readonly<Record<RenderNetwork, TextDialect>> = {
  telegram: 'telegramHtml',
  vk: 'plain',
  facebook: 'plain',
  ok: 'plain',
  linkedin: 'linkedinLittleText',
};

export function isRenderNetwork(value: string): value is RenderNetwork {
  return (RENDER_NETWORKS as readonly string[]).includes(value);
}
