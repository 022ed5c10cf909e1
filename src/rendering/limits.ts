import type { RenderNetwork } from './networks.js';

// Text limits per network, in UTF-16 code units (see measure.ts for how each network counts).
export interface NetworkLimits {
  text: number;
  // Telegram only: a photo/video caption is limited separately (0–1024).
  caption?: number;
}

export type LimitOverrides = Partial<Record<RenderNetwork, Partial<NetworkLimits>>>;

export const DEFAULT_LIMITS: Readonly<Record<RenderNetwork, Readonly<NetworkLimits>>> = {
  // Bot API sendMessage: 1–4096 characters after entity parsing; sendPhoto caption: 0–1024.
  telegram: { text: 4096, caption: 1024 },
  // Unconfirmed by VK's docs; 15,000 is the safe default platforms.md recommends.
  vk: { text: 15_000 },
  // Unconfirmed ("very large"); 60,000 stays under every figure reported for Page posts.
  facebook: { text: 60_000 },
  // Unconfirmed for mediatopic.post text items; same safe default as VK.
  ok: { text: 15_000 },
  // Posts API commentary: 3,000 characters.
  linkedin: { text: 3_000 },
};

export function resolveLimits(overrides: LimitOverrides = {}): Record<RenderNetwork, NetworkLimits> {
  const resolved = {} as Record<RenderNetwork, NetworkLimits>;
  for (const [network, defaults] of Object.entries(DEFAULT_LIMITS) as [RenderNetwork, NetworkLimits][]) {
    const merged = { ...defaults, ...overrides[network] };
    for (const [key, value] of Object.entries(merged)) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new RangeError(`limits.${network}.${key} must be a positive integer, got ${String(value)}`);
      }
    }
    resolved[network] = merged;
  }
  return resolved;
}
