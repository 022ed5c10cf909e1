// The workspace's vacancies, newest first, each linking to its page.
import { all } from '../api.js';
import { t, word } from '../i18n.js';
import { href } from '../router.js';
import type { Vacancy } from '../types.js';
import { Loading, ProblemText } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

export function VacanciesPage() {
  const m = t();
  const { data, error, loading } = useLoad(async () => ({ items: await all<Vacancy>('/v1/vacancies', 2000) }), []);
  return (
    <section aria-labelledby="vacancies-title">
      <h1 id="vacancies-title">{m.vacancies}</h1>
      {loading && <Loading />}
      <ProblemText error={error} />
      {data && data.items.length === 0 && <p class="muted">{m.nothing}</p>}
      <ul class="items">
        {data?.items.map((v) => (
          <li key={v.id}>
            <a href={href.vacancy(v.id)} lang={v.language}>
              {v.title}
            </a>{' '}
            <span class="muted">
              {v.hiringOrganization?.name} · {word(v.status)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
