// GET /v1/vacancies?q=: a case-insensitive substring of the title, company, city or description, in
// any language, answered through the trigram index on both engines.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { vacancies } from '../../src/db/schema.js';
import { startPlannerStatistics } from '../../src/db/planner-statistics.js';
import { uuidv7 } from '../../src/lib/uuid7.js';
import { vacancyRepo } from '../../src/repositories/vacancy-repo.js';
import { vacancyInputSchema } from '../../src/schemas/vacancy.js';
import { columnsOf, toDoc } from '../../src/services/vacancy-mapping.js';
import { planNodes } from '../helpers/explain.js';
import { buildTestApp, minimalVacancy } from '../helpers/test-app.js';

type Item = { id: string; title: string };

t.test('q matches substrings of title, company, city and description, ignoring case, in Russian and English', async (t) => {
  const { call } = await buildTestApp(t);
  const make = async (overrides: Record<string, unknown>) => {
    const res = await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy(overrides) });
    t.equal(res.statusCode, 201, res.body);
    return res.json() as Item;
  };
  const marketer = await make({ title: 'Онлайн-маркетолог' });
  const frontend = await make({ title: 'Frontend Developer', description: 'React and TypeScript, 100% remote', hiringOrganization: { name: 'Acme' } });
  const kazan = await make({ title: 'Бариста', description: 'Варим кофе, учим новичков.', jobLocation: { city: 'Казань' }, hiringOrganization: { name: 'Кофе_Бар' } });
  const q = async (text: string, extra = '') =>
    ((await call({ method: 'GET', url: `/v1/vacancies?q=${encodeURIComponent(text)}${extra}` })).json().items as Item[]).map((v) => v.title).sort();

  t.same(await q('маркетолог'), ['Онлайн-маркетолог']);
  t.same(await q('АРКЕТОЛ'), ['Онлайн-маркетолог'], 'a substring inside a word, any case');
  t.same(await q('typescript'), ['Frontend Developer'], 'description, English');
  t.same(await q('acme'), ['Frontend Developer'], 'company');
  t.same(await q('казань'), ['Бариста'], 'city');
  t.same(await q('100%'), ['Frontend Developer'], '"%" is a character, not a wildcard');
  t.same(await q('100%25'), [], '…so "100%25" matches nothing');
  t.same(await q('ко_е'), [], '"_" is a character too (as a wildcard it would match "кофе")');
  t.same(await q('кофе_'), ['Бариста']);
  t.same(await q('re'), ['Frontend Developer'], 'two letters (too short for a trigram) still match');
  t.same(await q('react', '&status=closed'), [], 'combines with status');

  // Paging through q: every match once.
  for (let i = 0; i < 5; i++) await make({ title: `Маркетолог ${i}` });
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Item[]; nextCursor: string | null } = (await call({ method: 'GET', url: `/v1/vacancies?q=${encodeURIComponent('маркетолог')}&limit=2${cursor ? `&cursor=${cursor}` : ''}` })).json();
    seen.push(...page.items.map((v: Item) => v.id));
    cursor = page.nextCursor;
  } while (cursor);
  t.equal(seen.length, 6);
  t.equal(new Set(seen).size, 6);
  t.ok(seen.includes(marketer.id) && !seen.includes(frontend.id) && !seen.includes(kazan.id));
});

t.test('at a few thousand vacancies the plan reads the trigram index, and the answer is right', async (t) => {
  const { call, database, workspaceId } = await buildTestApp(t);
  const rows = Array.from({ length: 3000 }, (_, i) => {
    // "квантовый" in 3 vacancies; "блокчейн" in every 100th (rare enough for the index after the
    // first window); "python" in every 10th (common enough to read on, newest first, in a second window).
    const rare = `${i % 1000 === 500 ? ' квантовый ' : ' '}${i % 100 === 7 ? 'блокчейн ' : ''}${i % 10 === 3 ? 'python ' : ''}`;
    const input = vacancyInputSchema.parse(
      minimalVacancy({ title: `Вакансия ${i}`, description: `Ищем человека в команду.${rare}Опыт работы, обучение, офис в центре, график 5/2, вариант ${i}.` }),
    );
    return { id: uuidv7(), workspaceId, status: 'open' as const, ...columnsOf(toDoc(input)) };
  });
  for (let i = 0; i < rows.length; i += 500) await database.db.insert(vacancies).values(rows.slice(i, i + 500));

  // What keeps the statistics the planner needs: the service's own refresh on PGlite (no autovacuum
  // there), autovacuum on a server (run here at once rather than waited for).
  if (database.kind === 'pglite') {
    const statistics = startPlannerStatistics(database);
    await statistics.refresh();
    await statistics.stop();
  } else {
    await database.db.execute(sql`analyze vacancies`);
  }

  // A search reads the newest vacancies first (by an index, never the whole table), then asks the trigram index.
  const query = { workspaceId, text: 'квантовый', limit: 21 };
  const windowPlan = await planNodes(database, vacancyRepo.searchWindowQuery(database.db, query, 105));
  t.ok(windowPlan.some((n) => n.startsWith('Index Scan')) && !windowPlan.includes('Seq Scan'), `the newest window is read by an index: ${windowPlan.join(' > ')}`);
  const plan = await planNodes(database, vacancyRepo.listIdsQuery(database.db, query));
  t.ok(plan.some((n) => n.includes('vacancies_search_trgm_idx')), `the plan uses the trigram index: ${plan.join(' > ')}`);

  const found = (await call({ method: 'GET', url: '/v1/vacancies?q=%D0%BA%D0%B2%D0%B0%D0%BD%D1%82%D0%BE%D0%B2%D1%8B%D0%B9' })).json().items as Item[];
  t.same(found.map((v) => v.title), ['Вакансия 2500', 'Вакансия 1500', 'Вакансия 500'], 'exactly the three, newest first');
  // Matches on both sides of each window's edge come in order, each once, across pages.
  const allPages = async (text: string) => {
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = (await call({ method: 'GET', url: `/v1/vacancies?q=${encodeURIComponent(text)}&limit=20${cursor ? `&cursor=${cursor}` : ''}` })).json();
      titles.push(...page.items.map((v) => v.title));
      cursor = page.nextCursor;
    } while (cursor);
    return titles;
  };
  t.same(await allPages('блокчейн'), Array.from({ length: 30 }, (_, k) => `Вакансия ${2907 - 100 * k}`), 'every 100th vacancy, newest first');
  t.same(await allPages('python'), Array.from({ length: 300 }, (_, k) => `Вакансия ${2993 - 10 * k}`), 'every 10th vacancy, newest first');
  // A word in every vacancy fills the page from the newest ones.
  const common = (await call({ method: 'GET', url: `/v1/vacancies?q=${encodeURIComponent('человека')}&limit=3` })).json().items as Item[];
  t.same(common.map((v) => v.title), ['Вакансия 2999', 'Вакансия 2998', 'Вакансия 2997']);
  const unfiltered = (await call({ method: 'GET', url: '/v1/vacancies?limit=3' })).json().items as Item[];
  t.same(unfiltered.map((v) => v.title), ['Вакансия 2999', 'Вакансия 2998', 'Вакансия 2997']);
});
