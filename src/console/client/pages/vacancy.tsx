// A vacancy: its posts per group, what each group brought (chart and table), close / reopen, and
// a campaign launched from the plan with every group's reason in view.
import { useState } from 'preact/hooks';
import { all, api, idempotencyKey, safeHref } from '../api.js';
import { t, when, word } from '../i18n.js';
import { href } from '../router.js';
import type { Plan, Post, Responses, Vacancy } from '../types.js';
import { useAction } from '../parts/action.js';
import { BarChart } from '../parts/bar-chart.js';
import { Done, Loading, ProblemText } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

async function loadVacancy(id: string) {
  const [vacancy, posts, responses] = await Promise.all([
    api<Vacancy>('GET', `/v1/vacancies/${id}`),
    all<Post>(`/v1/vacancies/${id}/posts`),
    api<Responses>('GET', `/v1/vacancies/${id}/responses?interval=day&timeZone=${encodeURIComponent(timeZone)}`),
  ]);
  return { vacancy, posts, responses };
}

export function VacancyPage({ vacancyId }: { vacancyId: string }) {
  const m = t();
  const { data, error, loading, reload } = useLoad(() => loadVacancy(vacancyId), [vacancyId]);
  const status = useAction(async (to: 'close' | 'reopen') => {
    await api('POST', `/v1/vacancies/${vacancyId}/${to}`);
    reload();
    return to;
  });
  if (loading && !data) return <Loading />;
  if (error) return <ProblemText error={error} />;
  if (!data) return null;
  const { vacancy, posts, responses } = data;
  return (
    <section aria-labelledby="vacancy-title">
      <h1 id="vacancy-title" lang={vacancy.language}>
        {vacancy.title}
      </h1>
      <p class="muted">
        {vacancy.hiringOrganization?.name} · {word(vacancy.status)}
      </p>
      <ProblemText error={status.error} />
      <div class="actions">
        {vacancy.status === 'open' ? (
          <button type="button" class="secondary" disabled={status.busy} onClick={() => window.confirm(m.closeConfirm) && void status.go('close')}>
            {m.close}
          </button>
        ) : (
          <button type="button" disabled={status.busy} onClick={() => void status.go('reopen')}>
            {m.reopen}
          </button>
        )}
      </div>

      <h2>{m.responses}</h2>
      <ResponsesView responses={responses} />

      <h2>{m.posts}</h2>
      {posts.length === 0 ? (
        <p class="muted">{m.nothing}</p>
      ) : (
        <div class="scroll">
          <table class="data" data-testid="posts">
            <thead>
              <tr>
                <th scope="col">{m.group}</th>
                <th scope="col">{m.network}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.permalink}</th>
              </tr>
            </thead>
            <tbody>
              {posts.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <a href={p.status === 'awaiting_manual' ? href.task(p.id) : href.post(p.id)}>{p.group.name}</a>
                  </th>
                  <td>{p.network}</td>
                  <td data-status={p.status}>{word(p.status)}</td>
                  <td>
                    {safeHref(p.permalink) ? (
                      <a href={safeHref(p.permalink)} target="_blank" rel="noopener noreferrer">
                        {m.open}
                      </a>
                    ) : (
                      when(p.dueAt)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {vacancy.status === 'open' && <Launch vacancyId={vacancyId} onLaunched={reload} />}
    </section>
  );
}

function ResponsesView({ responses }: { responses: Responses }) {
  const m = t();
  const series = [
    { key: 'views', label: m.views },
    { key: 'clicks', label: m.clicks },
    { key: 'applications', label: m.applications },
  ];
  return (
    <div data-testid="responses">
      {!responses.tracking.enabled && <p class="muted">{responses.tracking.warning ?? m.trackingOff}</p>}
      <p>
        {m.views}: <strong data-total="views">{responses.totals.views ?? '—'}</strong> · {m.clicks}: <strong data-total="clicks">{responses.totals.clicks}</strong> · {m.applications}:{' '}
        <strong data-total="applications">{responses.totals.applications}</strong>
      </p>
      {responses.groups.length === 0 ? (
        <p class="muted">{m.noResponses}</p>
      ) : (
        <BarChart title={m.perGroup} series={series} rows={responses.groups.map((g) => ({ key: g.groupId, label: g.name, values: { views: g.views, clicks: g.clicks, applications: g.applications } }))} />
      )}
      {responses.series && responses.series.length > 0 && (
        // The series runs from the first post to today, a day per row: the last month is what a chart can show.
        <BarChart
          title={responses.series.length > 31 ? `${m.perDay} (${m.lastDays})` : m.perDay}
          series={series.slice(1)}
          rows={responses.series.slice(-31).map((d) => ({ key: d.day, label: d.day, values: { clicks: d.clicks, applications: d.applications } }))}
        />
      )}
    </div>
  );
}

function Launch({ vacancyId, onLaunched }: { vacancyId: string; onLaunched: () => void }) {
  const m = t();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [launched, setLaunched] = useState<number | null>(null);
  // One key per plan shown: a second tap, or a tap again after an answer that was lost, makes the
  // same campaign, not a second one. A new plan is a new key.
  const [launchKey, setLaunchKey] = useState('');
  const planning = useAction(async () => {
    const p = await api<Plan>('POST', `/v1/vacancies/${vacancyId}/plan`, {});
    setPlan(p);
    setLaunchKey(idempotencyKey());
    return p;
  });
  const launching = useAction(async (groupIds: string[]) => {
    const answer = await api<{ posts: unknown[] }>('POST', `/v1/vacancies/${vacancyId}/campaigns`, { targets: { groupIds }, timing: { type: 'now' } }, { 'idempotency-key': launchKey });
    setLaunched(answer.posts.length);
    setPlan(null);
    onLaunched();
    return answer;
  });
  return (
    <section class="block" aria-labelledby="plan-title">
      <h2 id="plan-title">{m.plan}</h2>
      <button type="button" disabled={planning.busy} onClick={() => void planning.go()}>
        {m.plan}
      </button>
      <ProblemText error={planning.error ?? launching.error} />
      {launched !== null && (
        <Done>
          {m.launched}: {launched} {m.posts.toLowerCase()}
        </Done>
      )}
      {plan && (
        <>
          <h3>
            {m.planSelected} <span class="count">{plan.selected.length}</span>
          </h3>
          <ul class="items" data-testid="plan-selected">
            {plan.selected.map((s) => (
              <li key={s.groupId}>
                <strong>{s.name}</strong> <span class="muted">
                  ({s.network}, {word(s.mode)})
                </span>
                <ul class="reasons">
                  {s.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {plan.selected.length > 0 && (
            <button type="button" class="primary" disabled={launching.busy} onClick={() => void launching.go(plan.selected.map((s) => s.groupId))}>
              {m.launch}
            </button>
          )}
          <details>
            <summary>
              {m.planExcluded} <span class="count">{plan.excluded.length}</span>
            </summary>
            <ul class="items" data-testid="plan-excluded">
              {plan.excluded.map((x) => (
                <li key={x.groupId}>
                  <strong>{x.name}</strong> <span class="muted">({x.network})</span>: {x.detail}
                  {x.help && (
                    <>
                      {' '}
                      <a href={href.registry}>{m.fixIt}</a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}
