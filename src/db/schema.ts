// Tables. A workspace owns everything below it; every query a route makes is scoped by workspace_id.
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
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
    status: text('status', { enum: ['needs_address', 'active', 'disabled'] }).notNull(),
    rules: jsonb('rules').notNull(),
    notes: text('notes'),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    templateOverride: text('template_override'),
    // Fields the workspace changed: a later sync from channels/ leaves these alone.
    editedFields: text('edited_fields').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('groups_workspace_slug_uq').on(t.workspaceId, t.slug),
    index('groups_workspace_network_idx').on(t.workspaceId, t.network),
  ],
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
