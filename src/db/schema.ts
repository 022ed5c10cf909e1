// Tables. A workspace owns everything below it; every query a route makes is scoped by workspace_id.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  // What closing a vacancy does to its published posts: edit them to a "closed" text, delete them, or leave them.
  closePolicy: text('close_policy', { enum: ['edit', 'delete', 'leave'] }).notNull().default('edit'),
  createdAt: createdAt(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    hash: text('hash').notNull(),
    hint: text('hint').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.hash), index('api_keys_workspace_idx').on(t.workspaceId)],
);

export const vacancies = pgTable(
  'vacancies',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    externalId: text('external_id'),
    title: text('title').notNull(),
    // The validated JobPosting fields (everything but id/status/timestamps) as the API returns them.
    doc: jsonb('doc').notNull(),
    // Unmodelled JSON-LD properties from an import, kept verbatim.
    extra: jsonb('extra'),
    // Lower-case professions, seniority and hashtags: what the `tag` filter and targeting match.
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    searchText: text('search_text').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('vacancies_external_id_uq')
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('vacancies_workspace_idx').on(t.workspaceId, t.id),
    index('vacancies_tags_idx').using('gin', t.tags),
    // Trigram index (pg_trgm) for `q=`: it serves `search_text LIKE '%…%'`, so text search keeps
    // matching substrings in any language while reading only the rows that can match.
    // fastupdate off: new entries go straight into the index instead of a pending list that only
    // VACUUM merges. PGlite has no autovacuum, so the list would grow to 4 MB, every search would
    // scan it, and the planner, counting it, would not use the index at all. Vacancies arrive at
    // human rates; the extra work per insert does not matter.
    index('vacancies_search_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')).with({ fastupdate: false }),
  ],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    // The operation the key was used on, so one key cannot replay across different routes.
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    resourceId: uuid('resource_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.scope, t.key] })],
);

// Network credentials. `credentials` is sealed (AES-256-GCM, bound to the account id); only a
// fingerprint ever leaves the service.
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    network: text('network', { enum: ['telegram', 'vk', 'facebook', 'linkedin', 'ok'] }).notNull(),
    name: text('name').notNull(),
    credentials: text('credentials').notNull(),
    fingerprint: text('fingerprint').notNull(),
    status: text('status', { enum: ['unchecked', 'active', 'needs_reauth'] }).notNull(),
    // What the network said the credentials belong to, e.g. "@my_jobs_bot".
    identity: text('identity'),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true, mode: 'date' }),
    lastCheckError: text('last_check_error'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('accounts_workspace_idx').on(t.workspaceId, t.network)],
);

// The registry per workspace: the curated list (source "curated", synced from channels/) plus the
// workspace's own groups (source "custom").
export const groups = pgTable(
  'groups',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    source: text('source', { enum: ['curated', 'custom'] }).notNull(),
    network: text('network', { enum: ['telegram', 'vk', 'facebook', 'linkedin', 'ok'] }).notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['group', 'channel', 'page', 'board'] }).notNull(),
    language: text('language', { enum: ['ru', 'en'] }).notNull(),
    tags: jsonb('tags').notNull(),
    mode: text('mode', { enum: ['api', 'suggest', 'assisted'] }).notNull(),
    address: text('address'),
    // broken: it had an address, and the network then said it cannot be posted to (brokenCode/Reason).
    status: text('status', { enum: ['needs_address', 'active', 'disabled', 'broken'] }).notNull(),
    rules: jsonb('rules').notNull(),
    notes: text('notes'),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    templateOverride: text('template_override'),
    // Fields the workspace changed: a later sync from channels/ leaves these alone.
    editedFields: text('edited_fields').array().notNull().default(sql`'{}'::text[]`),
    // What the network last told about the address (src/registry-live): facts read, the posting
    // mode they allow and why. Null until first verified. The workspace's own data, never channels/.
    verification: jsonb('verification'),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
    // Forms the address was given in before it was resolved (a VK screen name, an OK short link), so
    // the same link imported again is known without asking the network.
    addressAliases: text('address_aliases').array().notNull().default(sql`'{}'::text[]`),
    // Set by an import that kept the address unread (the network asked to wait): the first read
    // decides its mode as a person's choice would. Any other group's verify never lowers a mode.
    awaitingFirstRead: boolean('awaiting_first_read').notNull().default(false),
    brokenCode: text('broken_code'),
    brokenReason: text('broken_reason'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('groups_workspace_slug_uq').on(t.workspaceId, t.slug),
    index('groups_workspace_network_idx').on(t.workspaceId, t.network),
    // The weekly sweep walks active groups, longest unverified first.
    index('groups_verify_due_idx').on(t.status, t.verifiedAt),
  ],
);

// Every change of a group's status the service made (verification, a refused post, an address set),
// with its reason: the registry's history, and the source of the group.status_changed event.
export const groupStatusChanges = pgTable(
  'group_status_changes',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    code: text('code'),
    reason: text('reason').notNull(),
    source: text('source', { enum: ['address', 'verify', 'sweep', 'publish', 'import', 'patch'] }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('group_status_changes_group_idx').on(t.groupId, t.at)],
);

// A workspace's own template for a network, replacing the bundled one (a group's own beats it).
export const templateOverrides = pgTable(
  'template_overrides',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    network: text('network', { enum: ['telegram', 'vk', 'facebook', 'linkedin', 'ok'] }).notNull(),
    source: text('source').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.network] })],
);

// ---- publishing ---------------------------------------------------------------

export const POST_STATUSES = [
  'planned',
  'queued',
  'sending',
  'published',
  'suggested',
  'awaiting_manual',
  'retry_scheduled',
  'failed',
  'unknown',
  'cancelled',
  'removed',
] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const CAMPAIGN_STATUSES = ['active', 'paused', 'cancelled', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

// Why a post waits with no job behind it; whoever clears the reason enqueues it again.
export const POST_HOLDS = ['campaign_paused', 'account_needs_reauth'] as const;
export type PostHold = (typeof POST_HOLDS)[number];

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    vacancyId: uuid('vacancy_id')
      .notNull()
      .references(() => vacancies.id, { onDelete: 'cascade' }),
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull(),
    // The request's timing and targets, as validated (see src/scheduling/timing.ts).
    timing: jsonb('timing').notNull(),
    targets: jsonb('targets').notNull(),
    groupIds: uuid('group_ids').array().notNull(),
    // Recurring campaigns: the occurrence the next occurrence job will create, and when.
    nextOccurrence: integer('next_occurrence'),
    nextOccurrenceAt: at('next_occurrence_at'),
    endReason: text('end_reason'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    endedAt: at('ended_at'),
  },
  (t) => [index('campaigns_vacancy_idx').on(t.workspaceId, t.vacancyId)],
);

// A recurring campaign whose targets came from a plan re-runs the plan at each occurrence: what it
// selected then, and what changed against the occurrence before (groups brought to life, groups
// that broke, with their reasons).
export const campaignReplans = pgTable(
  'campaign_replans',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    occurrence: integer('occurrence').notNull(),
    groupIds: uuid('group_ids').array().notNull(),
    added: jsonb('added').notNull(),
    removed: jsonb('removed').notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.occurrence] })],
);

export const posts = pgTable(
  'posts',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    vacancyId: uuid('vacancy_id')
      .notNull()
      .references(() => vacancies.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    network: text('network', { enum: ['telegram', 'vk', 'facebook', 'linkedin', 'ok'] }).notNull(),
    // 'assisted' posts are pasted by a person; the others go through an account.
    mode: text('mode', { enum: ['api', 'suggest', 'assisted'] }).notNull(),
    occurrence: integer('occurrence').notNull(),
    status: text('status', { enum: POST_STATUSES }).notNull(),
    hold: text('hold', { enum: POST_HOLDS }),
    dueAt: at('due_at').notNull(),
    // Publish attempts that reached the network (sending → outcome).
    attempt: integer('attempt').notNull().default(0),
    // While status is 'sending': after this instant the worker that set it is presumed dead.
    leaseUntil: at('lease_until'),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    // Where it was (or will be) sent, and what: fixed when the post is rendered.
    address: text('address'),
    text: text('text'),
    applyUrl: text('apply_url'),
    // The code of the post's tracked link ({PUBLIC_BASE_URL}/r/{code}), when it has one.
    linkCode: text('link_code'),
    networkPostId: text('network_post_id'),
    // What kind of message the network holds ('photo' or 'text' on Telegram): an edit must use
    // the method for that kind, and the network refuses the other one.
    messageKind: text('message_kind', { enum: ['text', 'photo'] }),
    permalink: text('permalink'),
    publishedAt: at('published_at'),
    // Set when closing the vacancy changed the published post (edited text or removed).
    closedEditAt: at('closed_edit_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('posts_campaign_group_occurrence_uq').on(t.campaignId, t.groupId, t.occurrence),
    uniqueIndex('posts_link_code_uq').on(t.linkCode),
    index('posts_vacancy_idx').on(t.workspaceId, t.vacancyId),
    index('posts_status_idx').on(t.workspaceId, t.status),
    index('posts_account_idx').on(t.accountId, t.status),
    // Responses arrive naming the network's post (a Telegram message, a VK wall post).
    index('posts_network_post_idx').on(t.networkPostId),
  ],
);

// Every status change of every post, with the attempt and error it happened with.
export const postEvents = pgTable(
  'post_events',
  {
    id: uuid('id').primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    vacancyId: uuid('vacancy_id').notNull(),
    at: at('at').notNull().defaultNow(),
    fromStatus: text('from_status', { enum: POST_STATUSES }),
    toStatus: text('to_status', { enum: POST_STATUSES }).notNull(),
    attempt: integer('attempt').notNull(),
    // What happened, for a person: "published", "edited to the closed text", "rate limited: retry in 15 s"…
    note: text('note'),
    error: text('error'),
  },
  (t) => [
    index('post_events_post_idx').on(t.postId, t.id),
    index('post_events_campaign_idx').on(t.campaignId, t.id),
    index('post_events_vacancy_idx').on(t.vacancyId, t.id),
  ],
);

// Calls on a rate-limit key (e.g. "telegram:target:-100123"), shared by every worker process.
// A row is one call's place on one key, in one of three states:
//   booked — a plan: the instant its owner means to call at. One per owner and key: booking again
//            moves it. It spreads the calls waiting on a key; whether a call may go is decided at
//            its turn, against the calls admitted or made, never against other plans.
//   out    — admitted and not yet answered: it may reach the network at any moment until
//            `in_flight_until` (its process may have died), so later calls count it as "now".
//   made   — answered at `at`: it reached the network at or before then.
export const RATE_CALL_STATES = ['booked', 'out', 'made'] as const;
export type RateCallState = (typeof RATE_CALL_STATES)[number];

export const rateReservations = pgTable(
  'rate_reservations',
  {
    key: text('key').notNull(),
    at: at('at').notNull(),
    state: text('state', { enum: RATE_CALL_STATES }).notNull(),
    // Who the call is for: "publish:<post id>", "close:<post id>", "check:<random id>", …
    owner: text('owner').notNull(),
    // A publish booking's post: the booking counts only while that post still waits to go out.
    postId: uuid('post_id'),
    inFlightUntil: at('in_flight_until'),
    // A booking moved by a call waiting in-process for its turn (a short wait): it asks again at
    // `at`. The next call told to wait on the key is told an instant after these, not the same one.
    waiting: boolean('waiting').notNull().default(false),
  },
  (t) => [
    index('rate_reservations_key_at_idx').on(t.key, t.at),
    uniqueIndex('rate_reservations_booking_uq').on(t.key, t.owner).where(sql`${t.state} = 'booked'`),
  ],
);

// A key nothing may be sent on until `until`: a network's retry_after, or a spent daily quota.
export const rateBlocks = pgTable('rate_blocks', {
  key: text('key').primaryKey(),
  until: at('until').notNull(),
  reason: text('reason').notNull(),
});

// Requests for a post's tracked link. No raw IP is kept: `visitor` is a hash of the IP and user agent
// salted with a key that changes every day, so one person's clicks of one day count once, and
// nothing joins them across days. kind: 'click' (a person), 'preview' (a link-preview fetcher or bot,
// or a HEAD), 'closed' (a person, after the vacancy closed: answered with the closed page).
export const LINK_HIT_KINDS = ['click', 'preview', 'closed'] as const;
export type LinkHitKind = (typeof LINK_HIT_KINDS)[number];

export const linkHits = pgTable(
  'link_hits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    // Copied from the post for the reports (no join on the largest table).
    workspaceId: uuid('workspace_id').notNull(),
    vacancyId: uuid('vacancy_id').notNull(),
    groupId: uuid('group_id').notNull(),
    at: at('at').notNull(),
    kind: text('kind', { enum: LINK_HIT_KINDS }).notNull(),
    visitor: text('visitor'),
  },
  (t) => [
    index('link_hits_post_idx').on(t.postId, t.kind),
    index('link_hits_vacancy_idx').on(t.vacancyId, t.at),
    index('link_hits_group_idx').on(t.groupId, t.at),
  ],
);

// The visitors who clicked each post: a click's visitor is new to its post when its row goes in here
// (the primary key decides, so two processes writing the same visitor's clicks count it once).
export const postClickVisitors = pgTable(
  'post_click_visitors',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    visitor: text('visitor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.visitor] })],
);

// Each post's hits counted as they are written (in the same statement), so that reports across many
// posts (a group's performance, the plan's past results) read one row per post, not every hit.
// unique_clicks: visitors clicking the post for the first time (a visitor is a person and a day).
export const postHitTotals = pgTable('post_hit_totals', {
  postId: uuid('post_id')
    .primaryKey()
    .references(() => posts.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull(),
  vacancyId: uuid('vacancy_id').notNull(),
  groupId: uuid('group_id').notNull(),
  previews: integer('previews').notNull(),
  clicks: integer('clicks').notNull(),
  uniqueClicks: integer('unique_clicks').notNull(),
  closed: integer('closed').notNull(),
  lastAt: at('last_at').notNull(),
});

// Applications a candidate made, attributed to the post (and so the group) that brought them.
// Recorded by an ATS or a person through POST /v1/applications; one per external id.
export const APPLICATION_SOURCES = ['link_code', 'post_id', 'utm'] as const;

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    vacancyId: uuid('vacancy_id').notNull(),
    groupId: uuid('group_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    // The candidate as the ATS knows them (an id or a profile link); never required.
    candidate: text('candidate'),
    appliedAt: at('applied_at').notNull(),
    // How it was attributed: the tracked link's code, the post's id, or the link's utm_* tags.
    via: text('via', { enum: APPLICATION_SOURCES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('applications_external_uq').on(t.workspaceId, t.externalId),
    index('applications_vacancy_idx').on(t.vacancyId, t.appliedAt),
    index('applications_group_idx').on(t.groupId, t.appliedAt),
  ],
);

// How the networks tell us about a post's responses: a webhook the network calls (Telegram's
// setWebhook, VK's Callback API, a Facebook Page's feed), or updates the service fetches (Telegram's
// getUpdates). `secret` is sealed like credentials (the Telegram secret_token, the VK Callback secret,
// the Facebook app secret); `settings` holds what is not secret (VK: the community id and its
// confirmation string; Telegram: the offset; Facebook: the verify token's hash).
export const HOOK_KINDS = ['telegram_webhook', 'telegram_updates', 'vk_callback', 'facebook_feed'] as const;

export const networkHooks = pgTable(
  'network_hooks',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: HOOK_KINDS }).notNull(),
    // VK: the community whose events this is; Facebook: the Page ('' for Telegram, one per bot).
    scope: text('scope').notNull().default(''),
    secret: text('secret').notNull(),
    settings: jsonb('settings').notNull(),
    lastEventAt: at('last_event_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('network_hooks_account_scope_uq').on(t.accountId, t.scope)],
);

// Deliveries already taken (Telegram update_id, VK event_id): a repeated one is answered and ignored.
export const hookEvents = pgTable(
  'hook_events',
  {
    hookId: uuid('hook_id')
      .notNull()
      .references(() => networkHooks.id, { onDelete: 'cascade' }),
    eventKey: text('event_key').notNull(),
    receivedAt: at('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.hookId, t.eventKey] }), index('hook_events_received_idx').on(t.receivedAt)],
);

// The latest counters a network told about a post (null: the network does not tell that one).
// Reactions and comments pushed by webhooks move them between polls; a poll sets them to the truth.
export const postCounters = pgTable('post_counters', {
  postId: uuid('post_id')
    .primaryKey()
    .references(() => posts.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull(),
  vacancyId: uuid('vacancy_id').notNull(),
  groupId: uuid('group_id').notNull(),
  views: integer('views'),
  reactions: integer('reactions'),
  reposts: integer('reposts'),
  comments: integer('comments'),
  // When the network last told a number (null: polls are planned, none has answered yet).
  readAt: at('read_at'),
  // How many scheduled polls were taken, and what the last one could not read (e.g. a token's scopes).
  polls: integer('polls').notNull().default(0),
  pollNote: text('poll_note'),
}, (t) => [index('post_counters_vacancy_idx').on(t.workspaceId, t.vacancyId)]);

// Comments on a post, as the network delivered or listed them: public data, kept with the post.
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    vacancyId: uuid('vacancy_id').notNull(),
    groupId: uuid('group_id').notNull(),
    network: text('network', { enum: ['telegram', 'vk', 'facebook', 'linkedin', 'ok'] }).notNull(),
    // The network's id of the comment (Telegram: "<chat id>:<message id>", VK: the reply's id).
    externalId: text('external_id').notNull(),
    authorName: text('author_name'),
    authorUrl: text('author_url'),
    text: text('text').notNull(),
    at: at('at').notNull(),
    editedAt: at('edited_at'),
    deletedAt: at('deleted_at'),
  },
  (t) => [uniqueIndex('comments_post_external_uq').on(t.postId, t.externalId), index('comments_vacancy_idx').on(t.workspaceId, t.vacancyId, t.at)],
);

// ---- Outbound webhooks (src/webhooks/) ----
// Events are written by the database itself (migrations/0010_webhooks.sql: triggers on the tables
// whose changes they report, and webhook_emit() for the rest), in the transaction of the change.

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description'),
    // The event types sent; null: every type.
    eventTypes: text('event_types').array(),
    enabled: boolean('enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    disabledAt: at('disabled_at'),
    // Sealed (lib/secret-box.ts, bound to the endpoint's id); the previous one is signed with too until it expires.
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: at('previous_secret_until'),
    // The first failed attempt since the last success, and the latest one: five days of failures disable
    // the endpoint, if they kept coming (a day without attempts starts the count again).
    failingSince: at('failing_since'),
    lastFailureAt: at('last_failure_at'),
    lastSuccessAt: at('last_success_at'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_workspace_idx').on(t.workspaceId)],
);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    // Facts reported once whoever notices them (campaign.completed:<id>).
    dedupeKey: text('dedupe_key'),
    // A webhook.test: for this endpoint only.
    endpointId: uuid('endpoint_id').references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_events_workspace_idx').on(t.workspaceId, t.createdAt), uniqueIndex('webhook_events_dedupe_uq').on(t.workspaceId, t.dedupeKey)],
);

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'queued', 'sending', 'retrying', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    // Ordering and page cursors (ids made in SQL are random).
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id').notNull(),
    // pending: written with its event, no job yet; queued/retrying: a job will attempt it; sending: an attempt is out.
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    // While 'sending': after this instant the attempt's worker is presumed dead.
    leaseUntil: at('lease_until'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_endpoint_uq').on(t.eventId, t.endpointId),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.seq),
    index('webhook_deliveries_open_idx').on(t.status, t.nextAttemptAt).where(sql`status in ('pending', 'queued', 'sending', 'retrying')`),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid('id').primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: at('at').notNull(),
    // The receiver's HTTP status; null when no answer came (refused address, timeout, connection error).
    httpStatus: integer('http_status'),
    durationMs: integer('duration_ms').notNull(),
    outcome: text('outcome', { enum: ['delivered', 'failed', 'gone', 'throttled', 'refused'] }).notNull(),
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);

// Campaigns one of whose posts settled: the dispatcher looks, after the commit, whether they completed.
export const webhookCampaignChecks = pgTable('webhook_campaign_checks', {
  campaignId: uuid('campaign_id')
    .primaryKey()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull(),
  createdAt: createdAt(),
});

// The dispatcher's job chain: one row, whose step moves with each link (see webhooks/dispatcher.ts).
export const webhookDispatch = pgTable('webhook_dispatch', {
  id: integer('id').primaryKey(),
  step: integer('step').notNull().default(0),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

// ---- Inbound ATS connectors (src/ats/) ----

export const ATS_KINDS = ['huntflow', 'greenhouse', 'generic'] as const;
export type AtsKind = (typeof ATS_KINDS)[number];

export const atsConnectors = pgTable(
  'ats_connectors',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ATS_KINDS }).notNull(),
    name: text('name').notNull(),
    // Sealed (bound to the connector's id): the secret the ATS signs its deliveries with.
    secret: text('secret').notNull(),
    // What a new vacancy from this ATS gets when the ATS does not say it (an apply link, contacts, language).
    defaults: jsonb('defaults').notNull(),
    // A campaign launched for each vacancy the ATS opens: { targets, timing } as POST …/campaigns takes them.
    campaign: jsonb('campaign'),
    enabled: boolean('enabled').notNull().default(true),
    lastDeliveryAt: at('last_delivery_at'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('ats_connectors_workspace_idx').on(t.workspaceId)],
);

export const atsDeliveries = pgTable(
  'ats_deliveries',
  {
    id: uuid('id').primaryKey(),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => atsConnectors.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id').notNull(),
    // The ATS's delivery id (or a hash of the body when it gives none): each is processed once.
    deliveryKey: text('delivery_key').notNull(),
    event: text('event'),
    outcome: text('outcome', { enum: ['created', 'updated', 'closed', 'reopened', 'application', 'ping', 'ignored', 'refused'] }).notNull(),
    httpStatus: integer('http_status').notNull(),
    detail: text('detail'),
    vacancyId: uuid('vacancy_id'),
    campaignId: uuid('campaign_id'),
    // Kept for inspection when it could not be mapped (and small enough).
    body: jsonb('body'),
    receivedAt: at('received_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ats_deliveries_key_uq').on(t.connectorId, t.deliveryKey), index('ats_deliveries_connector_idx').on(t.connectorId, t.receivedAt)],
);

// The latest ATS change applied to each of its vacancies: an older delivery arriving late is not applied.
export const atsVacancyMarks = pgTable(
  'ats_vacancy_marks',
  {
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => atsConnectors.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    eventAt: at('event_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectorId, t.externalId] })],
);

// The totals each vacancy's last response.summary reported (a summary is sent only when they changed),
// and when they were last looked at (the longest unlooked-at go first).
export const webhookSummaryMarks = pgTable('webhook_summary_marks', {
  vacancyId: uuid('vacancy_id')
    .primaryKey()
    .references(() => vacancies.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull(),
  digest: text('digest').notNull(),
  checkedAt: at('checked_at').notNull(),
});
