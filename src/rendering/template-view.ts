// What a template sees. The vacancy is passed as-is; the values a template needs whatever the vacancy
// lacks (apply link, contacts, group) are always present, null when empty, so templates can test them
// with {{#if}} without tripping strict mode on a missing parent object.
import type { Vacancy } from '../schemas/vacancy.js';
import { LABELS, type Labels } from './labels.js';

export interface RenderContext {
  // The link to print. The publishing engine passes a tracked per-post link here; when absent the
  // vacancy's own applyUrl is used.
  applyUrl?: string;
  // The group/channel the post goes to.
  group?: { name?: string; requiredHashtags?: readonly string[] };
  // Telegram: the text is a photo caption (1024) rather than a message (4096).
  asCaption?: boolean;
  // A group's own limit (its rules.maxLength), when stricter than the network's.
  maxLength?: number;
}

export interface TemplateView {
  vacancy: Vacancy;
  lang: Vacancy['language'];
  labels: Labels;
  applyUrl: string | null;
  contacts: { email: string | null; telegram: string | null; phone: string | null };
  hasContacts: boolean;
  // applyUrl or any contact: whether a "how to apply" block has anything to show.
  canApply: boolean;
  group: { name: string | null; requiredHashtags: readonly string[] };
}

export function buildTemplateView(vacancy: Vacancy, context: RenderContext = {}): TemplateView {
  const applyUrl = context.applyUrl ?? vacancy.applyUrl ?? null;
  // The link ends up in an href on Telegram: anything but http(s) there is a bug upstream, not data to print.
  if (applyUrl !== null && !/^https?:\/\/\S+$/i.test(applyUrl)) {
    throw new TypeError(`applyUrl must be an http(s) URL, got ${JSON.stringify(applyUrl)}`);
  }
  const contacts = {
    email: vacancy.contacts?.email ?? null,
    telegram: vacancy.contacts?.telegram ?? null,
    phone: vacancy.contacts?.phone ?? null,
  };
  const hasContacts = Boolean(contacts.email || contacts.telegram || contacts.phone);
  return {
    vacancy,
    lang: vacancy.language,
    labels: LABELS[vacancy.language],
    applyUrl,
    contacts,
    hasContacts,
    canApply: Boolean(applyUrl) || hasContacts,
    group: { name: context.group?.name ?? null, requiredHashtags: context.group?.requiredHashtags ?? [] },
  };
}
