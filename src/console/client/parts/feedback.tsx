// What the person reads when something went wrong or right: the API's problem detail, announced
// to screen readers (role=alert / role=status), never a stack or a bare status code.
import type { ComponentChildren } from 'preact';
import { ApiProblem } from '../api.js';
import { t } from '../i18n.js';

export function ProblemText({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : null;
  return (
    <div class="problem" role="alert">
      <strong>{t().error}:</strong> {problem ? problem.detail : error instanceof TypeError ? t().notReachable : String((error as Error)?.message ?? error)}
      {problem && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.field}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Done({ children }: { children: ComponentChildren }) {
  return (
    <p class="done" role="status">
      {children}
    </p>
  );
}

export function Loading() {
  return <p aria-busy="true">{t().loading}</p>;
}
