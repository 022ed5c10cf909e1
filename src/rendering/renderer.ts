// Renders a vacancy into one network's post text: bundled template (or a user's override), network
// escaping, fitted into the network's limit with the body cut and the apply block and hashtags kept.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Vacancy } from '../schemas/vacancy.js';
import { splitBody } from './body-markers.js';
import type { CompiledTemplate } from './compile-template.js';
import { registerRenderingHelpers } from './helpers.js';
import { resolveLimits, type LimitOverrides, type NetworkLimits } from './limits.js';
import { NETWORK_DIALECT, RENDER_NETWORKS, isRenderNetwork, type RenderNetwork } from './networks.js';
import { prepareTemplate, type PreparedTemplate } from './prepare-template.js';
import { tidyPost } from './tidy.js';
import { fitToLimit } from './truncate.js';
import { buildTemplateView, type RenderContext } from './template-view.js';
import { collectWarnings } from './warnings.js';

export type { RenderContext } from './template-view.js';
export type { RenderNetwork } from './networks.js';

export interface RendererOptions {
  // Folder holding telegram.hbs, vk.hbs, facebook.hbs, ok.hbs, linkedin.hbs.
  templatesDir?: string;
  limits?: LimitOverrides;
}

export interface RenderResult {
  text: string;
  // Measured as the network counts (Telegram: visible text), in UTF-16 code units.
  length: number;
  limit: number;
  truncated: boolean;
  warnings: string[];
}

export type OverrideCheck = { ok: true } | { ok: false; line: number | null; message: string };

export interface Renderer {
  render(network: RenderNetwork, vacancy: Vacancy, context: RenderContext, override?: string): RenderResult;
  compileOverride(network: RenderNetwork, source: string): OverrideCheck;
  readonly limits: Readonly<Record<RenderNetwork, Readonly<NetworkLimits>>>;
  /** The bundled templates' text as read at creation: what renders when no override applies. */
  readonly bundledSources: Readonly<Record<RenderNetwork, string>>;
}

// Resolved against this module, so it works from src/rendering (tsx) and dist/rendering (tsc).
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

// Overrides are few (one per group and network at most), but a bound keeps a misbehaving client
// that sends ever-new sources from growing the cache without end.
const MAX_CACHED_OVERRIDES = 1000;

export class TemplateRenderError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

export function createRenderer(options: RendererOptions = {}): Renderer {
  const env = Handlebars.create();
  registerRenderingHelpers(env);
  const limits = resolveLimits(options.limits);
  const templatesDir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;

  const bundled = {} as Record<RenderNetwork, CompiledTemplate>;
  const bundledSources = {} as Record<RenderNetwork, string>;
  for (const network of RENDER_NETWORKS) {
    const file = path.join(templatesDir, `${network}.hbs`);
    bundledSources[network] = readFileSync(file, 'utf8');
    const prepared = prepareTemplate(env, network, bundledSources[network]);
    if (!prepared.ok) throw new Error(`${file}${prepared.line ? `:${prepared.line}` : ''}: ${prepared.message}`);
    bundled[network] = prepared.template;
  }

  const overrides = new Map<string, PreparedTemplate>();
  function prepareOverride(network: RenderNetwork, source: string): PreparedTemplate {
    const key = `${network}:${createHash('sha256').update(source).digest('hex')}`;
    let prepared = overrides.get(key);
    if (prepared) {
      // Re-inserting keeps the Map's iteration order least-recently-used first.
      overrides.delete(key);
    } else {
      prepared = prepareTemplate(env, network, source);
      if (overrides.size >= MAX_CACHED_OVERRIDES) overrides.delete(overrides.keys().next().value!);
    }
    overrides.set(key, prepared);
    return prepared;
  }

  function assertNetwork(network: string): asserts network is RenderNetwork {
    if (!isRenderNetwork(network)) throw new TypeError(`unknown network ${JSON.stringify(network)}`);
  }

  return {
    limits,
    bundledSources,

    compileOverride(network, source) {
      assertNetwork(network);
      const prepared = prepareOverride(network, source);
      return prepared.ok ? { ok: true } : { ok: false, line: prepared.line, message: prepared.message };
    },

    render(network, vacancy, context = {}, override) {
      assertNetwork(network);
      let template = bundled[network];
      if (override !== undefined) {
        const prepared = prepareOverride(network, override);
        if (!prepared.ok) throw new TemplateRenderError(`${network} override: ${prepared.message}`, prepared.line);
        template = prepared.template;
      }
      const dialect = NETWORK_DIALECT[network];
      const view = buildTemplateView(vacancy, context);
      const parts = splitBody(tidyPost(template(view, { network, dialect })));
      const networkLimits = limits[network];
      const networkLimit = (context.asCaption ? networkLimits.caption : undefined) ?? networkLimits.text;
      const limit = context.maxLength ? Math.min(networkLimit, context.maxLength) : networkLimit;
      const fitted = fitToLimit(dialect, parts, limit);
      const text = fitted.fixedPartsCut ? tidyPost(fitted.text) : fitted.text;
      return {
        text,
        length: fitted.length,
        limit,
        truncated: fitted.truncated,
        warnings: collectWarnings({ dialect, view, text, truncated: fitted.truncated, fixedPartsCut: fitted.fixedPartsCut }),
      };
    },
  };
}
