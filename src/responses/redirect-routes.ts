// GET/HEAD /r/{code}: a post's tracked link. No key: anyone who sees the post may follow it. One
// read (cached for seconds), the hit handed to the recorder without waiting, then the answer:
//   302 to the vacancy's apply link (tagged utm_* for the post's group and campaign);
//   200 a contact page when the vacancy gives contacts only (and no Telegram to send them to);
//   410 a "closed" page once the vacancy is closed; 404 a page for a code that matches nothing;
//   503 a "try again" page when the database cannot be read.
// Machines (previews, crawlers, HEAD) get the same answer and are recorded as previews, not clicks.
import { z } from 'zod';
import { linkPageExamples } from '../examples/responses.js';
import type { App, Examples } from '../routes/route-kit.js';
import type { HitRecorder } from './hit-recorder.js';
import { LINK_CODE_PATTERN } from './link-codes.js';
import type { LinkedPost, LinkLookup } from './link-lookup.js';
import { PAGE_HEADERS, closedPage, contactPage, unavailablePage, unknownLinkPage } from './link-pages.js';
import { linkDestination } from './tracked-links.js';
import type { VisitorHasher } from './visitor-hash.js';
import { visitorKind } from './visitor-kind.js';

export interface RedirectRouteOptions {
  lookup: LinkLookup;
  hits: HitRecorder;
  visitorHash: VisitorHasher;
}

const html = (examples: Examples) => ({ content: { 'text/html': { schema: z.string(), examples } } });

export async function redirectRoutes(app: App, opts: RedirectRouteOptions) {
  // GET only: Fastify answers HEAD with the same handler (request.method 'HEAD'), body left out.
  app.route({
    method: 'GET',
    url: '/r/:code',
    // Not the API's 400 problem for unsafe text: the code is checked against its pattern before any
    // query, and the user agent is only hashed.
    config: { pageForPeople: true },
    schema: {
      operationId: 'followTrackedLink',
      summary: "Follow a post's tracked link (public, no key)",
      description:
        "Every post published while `PUBLIC_BASE_URL` is set carries its own link `{PUBLIC_BASE_URL}/r/{code}` instead of the raw apply link. It answers 302 to the vacancy's " +
        '`applyUrl` tagged with `utm_source`/`utm_medium`/`utm_campaign`/`utm_content`, or to the recruiter\'s Telegram, or a contact page when the vacancy gives only an e-mail or phone. ' +
        'A request from a person counts as a click (unique per visitor and day, by a salted hash: no IP address is stored); link-preview fetchers, crawlers, HEAD requests and requests without a user agent count as previews. ' +
        'A closed vacancy answers 410 with a short page, and the hit is recorded as such.',
      tags: ['responses'],
      security: [],
      params: z.object({ code: z.string().describe('The code from the post, twelve URL-safe characters') }),
      response: {
        302: z.undefined().describe("To the vacancy's apply link (Location), or the recruiter's Telegram"),
        200: { description: 'A contact page: the vacancy gives no link to apply', ...html(linkPageExamples.contact) },
        404: { description: 'No such link (a page for the person, not problem+json)', ...html(linkPageExamples.unknown) },
        410: { description: 'The vacancy is closed', ...html(linkPageExamples.closed) },
        503: { description: 'The service cannot read its database: try again (Retry-After)', ...html(linkPageExamples.unavailable) },
      },
    },
    // Its own answers are pages, not problem+json: the person followed a link in a post.
    handler: async (request, reply) => {
      const { code } = request.params;
      let linked: LinkedPost | null = null;
      try {
        linked = LINK_CODE_PATTERN.test(code) ? await opts.lookup(code) : null;
      } catch (err) {
        // A person followed a link: a page saying to try again, not the API's problem+json.
        request.log.error({ err }, 'tracked link: could not read the link');
        return reply.headers(PAGE_HEADERS).header('retry-after', '30').code(503).send(unavailablePage());
      }
      if (!linked) return reply.headers(PAGE_HEADERS).code(404).send(unknownLinkPage());
      const at = new Date();
      const userAgent = request.headers['user-agent'];
      const person = visitorKind(request.method, userAgent) === 'person';
      const closed = linked.vacancy.status === 'closed';
      const { post } = linked;
      opts.hits.record({
        postId: post.id,
        workspaceId: post.workspaceId,
        vacancyId: post.vacancyId,
        groupId: post.groupId,
        at,
        kind: !person ? 'preview' : closed ? 'closed' : 'click',
        visitor: person ? opts.visitorHash(request.ip, userAgent ?? '', at) : null,
      });
      if (closed) return reply.headers(PAGE_HEADERS).code(410).send(closedPage(linked.vacancy));
      const to = linkDestination(linked.vacancy, { network: post.network, groupSlug: linked.groupSlug, campaignId: post.campaignId });
      if (!to) return reply.headers(PAGE_HEADERS).code(200).send(contactPage(linked.vacancy));
      // Where the person came from (the network) is kept to its origin; the target gets the utm_* tags.
      return reply.header('cache-control', 'no-store').header('referrer-policy', 'strict-origin-when-cross-origin').redirect(to, 302);
    },
  });
}
