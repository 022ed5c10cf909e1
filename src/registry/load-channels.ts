// Reads the curated registry (channels/<network>.json) and refuses to start on any flaw,
// naming the file, the entry and the field, because a person fixes these files by hand.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { channelEntrySchema, type ChannelEntry, type Network } from './channel-schema.js';

// Both src/registry/ (tsx) and dist/registry/ (compiled) sit two levels below the repo root.
export const DEFAULT_CHANNELS_DIR = fileURLToPath(new URL('../../channels/', import.meta.url));

// The article's order, so the merged list reads like the source it came from.
export const CHANNEL_FILES: readonly Network[] = ['facebook', 'vk', 'ok', 'linkedin', 'telegram'];

export async function loadChannels(dir: string = DEFAULT_CHANNELS_DIR): Promise<ChannelEntry[]> {
  const all: ChannelEntry[] = [];
  const fileOfSlug = new Map<string, string>();
  for (const network of CHANNEL_FILES) {
    const file = path.join(dir, `${network}.json`);
    for (const entry of await loadFile(file, network)) {
      const earlier = fileOfSlug.get(entry.slug);
      if (earlier !== undefined) {
        throw new Error(`${file}: slug "${entry.slug}" is already used in ${earlier}; slugs must be unique across files`);
      }
      fileOfSlug.set(entry.slug, file);
      all.push(entry);
    }
  }
  return all;
}

async function loadFile(file: string, network: Network): Promise<ChannelEntry[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read registry file: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(raw)) throw new Error(`${file}: must be a JSON array of entries`);

  return raw.map((item: unknown, index) => {
    const where = `${file}: entry [${index}]${describeSlug(item)}`;
    const parsed = channelEntrySchema.safeParse(item);
    if (!parsed.success) throw new Error(`${where}: ${formatIssues(parsed.error)}`);
    if (parsed.data.network !== network) {
      throw new Error(`${where}: field "network": is "${parsed.data.network}" but the file holds ${network} entries`);
    }
    return parsed.data;
  });
}

function describeSlug(item: unknown): string {
  const slug = typeof item === 'object' && item !== null ? (item as { slug?: unknown }).slug : undefined;
  return typeof slug === 'string' ? ` (slug "${slug}")` : ' (no slug)';
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `field "${issue.path.length > 0 ? issue.path.join('.') : '(entry)'}": ${issue.message}`)
    .join('; ');
}
