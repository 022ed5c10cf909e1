import type { Renderer } from '../rendering/renderer.js';
import type { Network } from '../registry/channel-schema.js';

/** What services need of the renderer to accept or refuse a user's template. */
export interface TemplateChecker {
  check(network: Network, source: string): { ok: true } | { ok: false; line: number | null; message: string };
}

export const templateCheckerFor = (renderer: Renderer): TemplateChecker => ({
  check: (network, source) => renderer.compileOverride(network, source),
});
