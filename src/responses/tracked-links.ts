// Each post's own apply link. With PUBLIC_BASE_URL set, a post gets a tracked link served by this
// service ({PUBLIC_BASE_URL}/r/{code}), which counts who follows it and redirects to where the
// vacancy says to apply; without it, posts keep the direct link tagged with utm_* (nothing counted).
import { hasAWayToApply, type Vacancy } from '../schemas/vacancy.js';
import { newLinkCode } from './link-codes.js';

export interface LinkTags {
  network: string;
  groupSlug: string;
  campaignId: string;
}

/**
 * The vacancy's apply link tagged for this post, so the ATS (or any analytics) can tell which group
 * and campaign a candidate came from. A vacancy without a link gets none.
 */
export function taggedApplyUrl(vacancy: Pick<Vacancy, 'applyUrl'>, tags: LinkTags): string | undefined {
  if (!vacancy.applyUrl) return undefined;
  const url = new URL(vacancy.applyUrl);
  url.searchParams.set('utm_source', tags.network);
  url.searchParams.set('utm_medium', 'social');
  url.searchParams.set('utm_campaign', tags.campaignId);
  url.searchParams.set('utm_content', tags.groupSlug);
  return url.toString();
}

/**
 * Where a tracked link leads: the tagged apply link; for a vacancy with contacts only, the
 * recruiter's Telegram, or (null) the small contact page the link itself shows.
 */
export function linkDestination(vacancy: Pick<Vacancy, 'applyUrl' | 'contacts'>, tags: LinkTags): string | null {
  return taggedApplyUrl(vacancy, tags) ?? (vacancy.contacts?.telegram ? `https://t.me/${vacancy.contacts.telegram}` : null);
}

export interface TrackedLinks {
  /** Whether posts get tracked links, so that responses are counted. */
  readonly enabled: boolean;
  /** A new post's link and its code (null when untracked). */
  forPost(vacancy: Pick<Vacancy, 'applyUrl' | 'contacts'>, tags: LinkTags): { applyUrl: string | null; linkCode: string | null };
  /**
   * The link a preview shows: as long as a post's will be (a network's length limit counts it), with
   * a code that says what it is. Without tracking, the vacancy's own link.
   */
  forPreview(vacancy: Pick<Vacancy, 'applyUrl' | 'contacts'>): string | undefined;
}

// Twelve characters, like a real code; it matches no post (codes are random base64url, and this one
// is answered as unknown like any other).
const PREVIEW_CODE = 'preview-link';

export const UNTRACKED_WARNING =
  'PUBLIC_BASE_URL is not set: posts carry the direct apply link (tagged with utm_*), and clicks on it will not be counted here';

export function createTrackedLinks(publicBaseUrl: string | undefined): TrackedLinks {
  const base = publicBaseUrl?.replace(/\/+$/, '');
  return {
    enabled: base !== undefined,
    forPreview(vacancy) {
      return base !== undefined && hasAWayToApply(vacancy) ? `${base}/r/${PREVIEW_CODE}` : vacancy.applyUrl;
    },
    forPost(vacancy, tags) {
      const direct = taggedApplyUrl(vacancy, tags) ?? null;
      if (base === undefined || !hasAWayToApply(vacancy)) return { applyUrl: direct, linkCode: null };
      const linkCode = newLinkCode();
      return { applyUrl: `${base}/r/${linkCode}`, linkCode };
    },
  };
}
