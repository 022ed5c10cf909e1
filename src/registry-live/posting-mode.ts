// From what the network told to what the service does: the posting mode the facts allow when an
// address is chosen, and, for a group already in use, whether its mode still works.
import type { PostingMode } from '../registry/channel-schema.js';
import { GONE_CODES, type BrokenCode, type GroupFacts, type Inspection } from './facts.js';

export interface ModeChoice {
  mode: PostingMode;
  why: string;
}

/** api where the account may post, suggest where the community takes suggestions, assisted otherwise. */
export function modeFor(facts: GroupFacts): ModeChoice {
  if (facts.access === 'post') return { mode: 'api', why: `api: ${facts.explanation}` };
  if (facts.access === 'suggest') return { mode: 'suggest', why: `suggest: ${facts.explanation}` };
  return { mode: 'assisted', why: `assisted: ${facts.explanation}` };
}

export type Verdict =
  | { kind: 'postable'; why: string }
  | { kind: 'broken'; code: BrokenCode; reason: string }
  /** Nothing was learned that changes the group (not asked now, or the network cannot be asked). */
  | { kind: 'unchanged'; why: string };

/** Whether a group in `mode` can still be posted to, given what inspecting its address found. */
export function verdictFor(mode: PostingMode, inspection: Inspection): Verdict {
  switch (inspection.kind) {
    case 'missing':
      // A person pastes assisted posts: a bot missing from the chat does not stop them, a chat gone does.
      if (mode === 'assisted' && !GONE_CODES.has(inspection.code)) return { kind: 'postable', why: `a person posts here; ${inspection.reason}` };
      return { kind: 'broken', code: inspection.code, reason: inspection.reason };
    case 'later':
    case 'unverifiable':
      return { kind: 'unchanged', why: inspection.reason };
    case 'facts': {
      const { facts } = inspection;
      // A person pastes assisted posts: only a group that is gone stops them.
      if (mode === 'assisted') return { kind: 'postable', why: `exists; ${facts.explanation}` };
      if (mode === 'api' && facts.access === 'post') return { kind: 'postable', why: facts.explanation };
      if (mode === 'suggest' && facts.access !== 'none') return { kind: 'postable', why: facts.explanation };
      const problem = facts.problem ?? { code: 'wall_closed' as const, reason: facts.explanation };
      const better = modeFor(facts);
      const hint = better.mode !== mode ? ` (the facts allow mode ${better.mode}: choose the address again to switch)` : '';
      return { kind: 'broken', code: problem.code, reason: `${problem.reason}${hint}` };
    }
  }
}
