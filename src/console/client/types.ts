// The parts of the API's answers the console reads (openapi.yaml has them whole).
export type Network = 'telegram' | 'vk' | 'facebook' | 'linkedin' | 'ok';
export type Mode = 'api' | 'suggest' | 'assisted';

export interface AssistedTask {
  postId: string;
  vacancyId: string;
  network: Network;
  groupName: string | null;
  group: { id: string; name: string };
  groupUrl: string | null;
  text: string;
  applyUrl: string | null;
  reason: string;
  dueAt: string;
}

export interface Post {
  id: string;
  vacancyId: string;
  campaignId: string;
  group: { id: string; slug: string; name: string; network: Network };
  network: Network;
  mode: Mode;
  status: string;
  dueAt: string;
  permalink: string | null;
  lastError: string | null;
  publishedAt: string | null;
}

export interface Vacancy {
  id: string;
  title: string;
  status: 'open' | 'closed';
  language: 'ru' | 'en';
  description: string;
  hiringOrganization?: { name: string };
  jobLocation?: { city?: string };
  applyUrl?: string;
}

export interface Group {
  id: string;
  slug: string;
  name: string;
  network: Network;
  mode: Mode;
  address: string | null;
  status: 'needs_address' | 'active' | 'disabled' | 'broken';
  brokenReason: string | null;
  language: 'ru' | 'en';
}

export interface Account {
  id: string;
  network: Network;
  name: string;
  status: 'unchecked' | 'active' | 'needs_reauth';
  lastCheckError: string | null;
}

export interface Counts {
  posts: number;
  views: number | null;
  clicks: number;
  applications: number;
}

export interface Responses {
  tracking: { enabled: boolean; warning?: string };
  totals: Counts;
  groups: Array<Counts & { groupId: string; name: string; network: Network }>;
  series?: Array<{ day: string; clicks: number; applications: number }>;
}

export interface Plan {
  selected: Array<{ groupId: string; name: string; network: Network; mode: Mode; reasons: string[] }>;
  excluded: Array<{ groupId: string; name: string; network: Network; mode: Mode; code: string; detail: string; help?: string }>;
}

export interface Candidate {
  address: string;
  name: string;
  url: string;
  members: number | null;
  access: 'post' | 'suggest' | 'none';
  mode: { mode: Mode; why: string };
  ranking: string[];
}

export interface CandidateAnswer {
  searched: 'name' | 'links' | 'none';
  capabilities: string;
  searchLink: string | null;
  candidates: Candidate[];
  refused: Array<{ link: string; reason: string }>;
  notes: string[];
}

export interface Health {
  totals: Record<string, number>;
  /** Each state's next action. */
  states: Record<string, string>;
  networks: Array<{ network: Network; mode: Mode; total: number; states: Record<string, { groups: number; unverified: number; nextAction: string }> }>;
}

export interface ImportLine {
  line: number;
  input: string;
  network: Network | null;
  outcome: 'matched' | 'created' | 'already' | 'refused';
  name: string | null;
  verified: string | null;
  mode: Mode | null;
  detail: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  /** null: every event type. */
  eventTypes: string[] | null;
}

export interface WebhookDelivery {
  id: string;
  eventType: string;
  status: 'pending' | 'queued' | 'sending' | 'retrying' | 'succeeded' | 'failed';
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}
