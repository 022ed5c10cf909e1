// `npx tsx bench/search.ts`: what text search (`GET /v1/vacancies?q=`) costs next to the plain page,
// at 100 and at 10,000 vacancies in one workspace. Each size gets a fresh migrated database (PGlite
// on disk, or a new database on the DATABASE_URL server), filled straight through SQL with rows made
// by the service's own mapping (columnsOf), so search_text is exactly what the API stores, and the
// trigram index is maintained row by row as the API's inserts maintain it.
// It then times vacancyRepo.list, what the route runs, for one page (limit 21: a page of 20 and the
// look-ahead row), without q and with words of several frequencies. The variants take turns, round
// after round, so a change in the machine's load falls on all of them alike; medians are printed.
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/database.js';
import { startPlannerStatistics } from '../src/db/planner-statistics.js';
import { vacancies, workspaces } from '../src/db/schema.js';
import { uuidv7 } from '../src/lib/uuid7.js';
import { SEARCH_SWITCH_RATE, SEARCH_WINDOW_PER_ROW, vacancyRepo, type VacancyInsert } from '../src/repositories/vacancy-repo.js';
import { vacancyInputSchema } from '../src/schemas/vacancy.js';
import { columnsOf, toDoc } from '../src/services/vacancy-mapping.js';
import { planNodes } from '../test/helpers/explain.js';
import { freshDatabase } from './fresh-database.js';
import { describeMachine, machineLines } from './machine.js';

const SIZES = [100, 10_000];
const PAGE = 21;
const WARMUP_ROUNDS = 5;
const ROUNDS = 100;
const INSERT_BATCH = 250;

// What is searched for, and how often it occurs in the generated data (see makeVacancy).
const QUERIES: Array<{ label: string; q: string }> = [
  { label: 'in 1 vacancy', q: 'квантовый' },
  { label: 'in 1%', q: 'блокчейн' },
  { label: 'in 5%', q: 'kubernetes' },
  { label: 'in 10%', q: 'python' },
  { label: 'in half', q: 'маркетолог' },
  { label: 'in none', q: 'зоопарк' },
];

// A fixed-seed generator: the same data on every run and machine.
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TITLES = ['Разработчик', 'Аналитик данных', 'Дизайнер интерфейсов', 'Менеджер по продажам', 'Frontend Developer', 'Тестировщик', 'HR-специалист', 'DevOps engineer'];
const COMPANIES = ['Сеть кофеен', 'Acme', 'Банк Север', 'Студия Восход', 'Логистика Плюс', 'Ритейл Групп'];
const CITIES = ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург'];
const WORDS = (
  'опыт работы команда проект задачи продукт клиенты развитие обучение офис удалённо график зарплата ' +
  'ответственность коммуникация результат сотрудники компания рынок решения качество сервис поддержка ' +
  'we build fast reliable services for our customers and grow together with a friendly team'
).split(' ');

// Descriptions of 150–400 words (about 1.5–4 kB), as real vacancies have.
function makeVacancy(i: number, n: number, random: () => number): Omit<VacancyInsert, 'workspaceId'> {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const words = Array.from({ length: 150 + Math.floor(random() * 250) }, () => pick(WORDS));
  // Planted words: "маркетолог" in every other vacancy, "python" in every 10th, "kubernetes" in every
  // 20th, "блокчейн" in every 100th, "квантовый" in exactly one (the middle one), "зоопарк" in none.
  if (i % 2 === 0) words.splice(10, 0, 'маркетолог');
  if (i % 10 === 5) words.splice(15, 0, 'python');
  if (i % 20 === 0) words.splice(20, 0, 'kubernetes');
  if (i % 100 === 50) words.splice(30, 0, 'блокчейн');
  if (i === Math.floor(n / 2)) words.splice(40, 0, 'квантовый');
  const input = vacancyInputSchema.parse({
    title: pick(TITLES),
    description: words.join(' '),
    hiringOrganization: { name: pick(COMPANIES) },
    jobLocation: { city: pick(CITIES) },
    applyUrl: `https://example.org/jobs/${i}`,
  });
  return { id: uuidv7(), status: 'open', ...columnsOf(toDoc(input)) };
}

async function fill(db: Db, n: number): Promise<string> {
  const workspaceId = uuidv7();
  await db.insert(workspaces).values({ id: workspaceId, name: 'bench' });
  const random = prng(42);
  for (let i = 0; i < n; i += INSERT_BATCH) {
    const batch = Array.from({ length: Math.min(INSERT_BATCH, n - i) }, (_, j) => ({ ...makeVacancy(i + j, n, random), workspaceId }));
    await db.insert(vacancies).values(batch);
  }
  return workspaceId;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const f = (ms: number) => `${ms.toFixed(2)} ms`.padStart(9);

async function main() {
  const machine = await describeMachine();
  process.stdout.write(`${machineLines(machine).join('\n')}\nLoad:     ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min, at start)\n\n`);
  const medians = new Map<number, Map<string, number>>();
  for (const n of SIZES) {
    const fresh = await freshDatabase(`search${n}`);
    const { db } = fresh.database;
    try {
      const t0 = performance.now();
      const workspaceId = await fill(db, n);
      const insertMs = performance.now() - t0;
      // The statistics a running service has: on PGlite its own refresh (src/db/planner-statistics.ts;
      // PGlite has no autovacuum), on a server what autovacuum does within a minute of the inserts.
      if (fresh.database.kind === 'pglite') {
        const statistics = startPlannerStatistics(fresh.database);
        await statistics.refresh();
        await statistics.stop();
      } else {
        await db.execute(sql`analyze vacancies`);
      }
      const query = (text?: string) => ({ workspaceId, ...(text ? { text } : {}), limit: PAGE });
      const variants = [{ label: 'no q', q: undefined as string | undefined }, ...QUERIES];
      const run = (q?: string) => vacancyRepo.list(db, query(q));

      const times = new Map<string, number[]>(variants.map((v) => [v.label, []]));
      for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
        for (const v of variants) {
          const started = performance.now();
          await run(v.q);
          if (round >= WARMUP_ROUNDS) times.get(v.label)!.push(performance.now() - started);
        }
      }

      const base = median(times.get('no q')!);
      medians.set(n, new Map(variants.map((v) => [v.label, median(times.get(v.label)!)])));
      process.stdout.write(`${n} vacancies (inserted in ${(insertMs / 1000).toFixed(1)} s, ${(insertMs / n).toFixed(2)} ms each, in batches of ${INSERT_BATCH})\n`);
      for (const v of variants) {
        const ms = times.get(v.label)!;
        const rows = (await run(v.q)).length;
        const q = v.q ? `q=${v.q}` : 'no q';
        process.stdout.write(`  ${q.padEnd(14)} ${v.label.padEnd(13)} median ${f(median(ms))}  p95 ${f(p95(ms))}  rows ${String(rows).padStart(2)}  ×${(median(ms) / base).toFixed(2)} of no q\n`);
      }
      const plan = async (q: { toSQL(): { sql: string; params: unknown[] } }) => (await planNodes(fresh.database, q)).join(' > ');
      process.stdout.write(`  plans: no q:  ${await plan(vacancyRepo.listQuery(db, query()))}\n`);
      const window = PAGE * SEARCH_WINDOW_PER_ROW;
      process.stdout.write(`         q, the newest ${window} (then ${window * 2}, … while 1 in ${SEARCH_SWITCH_RATE} match): ${await plan(vacancyRepo.searchWindowQuery(db, { ...query(), text: 'зоопарк' }, window))}\n`);
      process.stdout.write(`         q, then the index: ${await plan(vacancyRepo.listIdsQuery(db, { ...query(), text: 'зоопарк' }))}\n\n`);
    } finally {
      await fresh.database.close();
      await fresh.dispose();
    }
  }
  const [small, large] = SIZES.map((n) => medians.get(n)!);
  process.stdout.write(`${SIZES[1]} vs ${SIZES[0]} vacancies (medians): `);
  process.stdout.write(`${[...large!.keys()].map((k) => `${k} ×${(large!.get(k)! / small!.get(k)!).toFixed(2)}`).join(', ')}\n`);
  process.stdout.write(`Load:     ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min, at the end)\n`);
}

await main();
