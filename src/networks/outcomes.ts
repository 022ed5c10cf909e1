// Small shared pieces for building outcomes, so each adapter reads as a table of mappings.
import type { CredentialCheck, FailureOutcome, RefusalCode, Unknown } from './types.js';

const code = (o: { code?: RefusalCode }) => (o.code === undefined ? {} : { code: o.code });

export const unknown = (reason: string): Unknown => ({ kind: 'unknown', reason });

// A credential check reports fewer kinds than a publish. Identity calls do not normally meet
// a captcha, a spent posting quota or a moved chat; if one ever does, the token cannot be
// confirmed as usable, so it reads as 'permanent' with the network's reason.
export function checkFailed(outcome: FailureOutcome): CredentialCheck {
  switch (outcome.kind) {
    case 'needs_reauth':
    case 'unknown':
      return { ok: false, kind: outcome.kind, reason: outcome.reason };
    case 'retry_after':
      return { ok: false, kind: 'retry_after', reason: outcome.reason, seconds: outcome.seconds, ...code(outcome) };
    case 'target_moved':
      return { ok: false, kind: 'permanent', reason: `target moved to ${outcome.newAddress}` };
    case 'needs_person':
      return { ok: false, kind: 'permanent', reason: outcome.reason };
    case 'permanent':
      // A proxy's error page refused the check: the credentials are neither confirmed nor refuted.
      if (outcome.statusOnly) return { ok: false, kind: 'unknown', reason: outcome.reason, ...code(outcome) };
      return { ok: false, kind: 'permanent', reason: outcome.reason, ...code(outcome) };
    default:
      return { ok: false, kind: 'permanent', reason: outcome.reason, ...code(outcome) };
  }
}

/** What a refusal says, for a person (a moved Telegram group names where it went). */
export const reasonOf = (outcome: FailureOutcome): string =>
  outcome.kind === 'target_moved' ? `the chat moved to ${outcome.newAddress}` : outcome.reason;
