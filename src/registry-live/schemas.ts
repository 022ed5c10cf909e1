// The registry-live API's bodies and answers.
import { z } from 'zod';
import { NETWORKS, POSTING_MODES } from '../registry/channel-schema.js';
import { groupSchema, readFactsSchema, verificationSchema } from '../schemas/group.js';

const link = z.string().trim().min(1).max(500);

export const candidatesBodySchema = z.strictObject({
  query: z.string().trim().min(1).max(200).optional().describe("What to search for (VK); the group's name when absent"),
  links: z.array(link).min(1).max(20).optional().describe('Links or addresses to read instead of searching (@username, t.me/…, vk.com/…, ok.ru/…, a Facebook or LinkedIn group URL)'),
});


export const candidateSchema = z.object({
  address: z.string().describe('What to pass to POST /v1/groups/{id}/address'),
  name: z.string(),
  url: z.string(),
  members: z.number().nullable(),
  access: z.enum(['post', 'suggest', 'none']).describe("What the workspace's account may do there"),
  mode: z.object({ mode: z.enum(POSTING_MODES), why: z.string() }).describe('The posting mode the facts allow, and why'),
  score: z.number().describe('0–1: name likeness 75 %, size 20 %, whether the account may post 5 %'),
  ranking: z.array(z.string()),
  read: readFactsSchema,
});

export const candidatesAnswerSchema = z.object({
  groupId: z.uuid(),
  network: z.enum(NETWORKS),
  query: z.string(),
  searched: z.enum(['name', 'links', 'none']).describe('name: the network was searched; links: the links given were read; none: the network cannot be searched'),
  capabilities: z.string().describe('What this network lets the service find and verify'),
  searchLink: z.string().nullable().describe("The network's own search for the query, for a person"),
  candidates: z.array(candidateSchema),
  refused: z.array(z.object({ link: z.string(), reason: z.string() })),
  notes: z.array(z.string()),
});

export const addressBodySchema = z.strictObject({
  address: link.describe('A candidate\'s address, or any link/address of the group on its network'),
  accountId: z.uuid().optional().describe('The account to read it with (and to link when the group has none)'),
});

export const addressAnswerSchema = z.object({
  group: groupSchema,
  mode: z.object({ mode: z.enum(POSTING_MODES), why: z.string() }),
  verification: verificationSchema,
});

export const verifyAnswerSchema = z.object({
  outcome: z.enum(['postable', 'broken', 'unverifiable', 'not_asked']),
  detail: z.string(),
  retryAt: z.string().nullable().describe('not_asked: when the network can be asked again'),
  group: groupSchema,
});

export const statusChangeSchema = z.object({
  from: z.string(),
  to: z.string(),
  code: z.string().nullable(),
  reason: z.string(),
  source: z.string(),
  at: z.string(),
});

const healthState = z.object({ groups: z.number(), unverified: z.number(), nextAction: z.string(), examples: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), reason: z.string().nullable() })) });

export const healthSchema = z.object({
  totals: z.record(z.string(), z.number()),
  networks: z.array(z.object({ network: z.string(), mode: z.string(), total: z.number(), states: z.record(z.string(), healthState) })),
  states: z.record(z.string(), z.string()).describe('Every state and its next action'),
});

export const importBodySchema = z
  .strictObject({
    text: z.string().max(100_000).optional().describe('Links one per line, as a recruiter keeps them (blank lines and lines starting with # are skipped)'),
    links: z.array(z.union([link, z.strictObject({ url: link, name: z.string().trim().min(1).max(300).optional() })])).max(500).optional(),
  })
  .refine((b) => b.text !== undefined || b.links !== undefined, { message: 'give text or links', path: ['links'] });

export const importLineSchema = z.object({
  line: z.number().describe('1-based, in the order given'),
  input: z.string(),
  network: z.enum(NETWORKS).nullable(),
  outcome: z.enum(['matched', 'created', 'already', 'refused']).describe('matched: a curated group got this address; created: a custom group; already: a group has this address (nothing changed)'),
  groupId: z.uuid().nullable(),
  slug: z.string().nullable(),
  name: z.string().nullable(),
  verified: z.enum(['postable', 'broken', 'unverifiable', 'pending']).nullable().describe('pending: the network asked to wait; a job verifies it later'),
  mode: z.enum(POSTING_MODES).nullable(),
  detail: z.string(),
});

export const importAnswerSchema = z.object({
  lines: z.array(importLineSchema),
  summary: z.record(z.string(), z.number()),
});
