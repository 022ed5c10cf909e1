import t from 'tap';
import { buildTestApp } from '../helpers/test-app.js';

const posting = {
  '@context': 'https://schema.org/',
  '@type': 'JobPosting',
  title: 'Frontend Developer',
  description: '<p>We build <b>fast</b> apps &amp; tools.</p><ul><li>React</li><li>TypeScript</li></ul>',
  identifier: { '@type': 'PropertyValue', name: 'Acme ATS', value: 'REQ-42' },
  datePosted: '2026-11-01',
  validThrough: '2026-12-31',
  employmentType: ['FULL_TIME', 'CONTRACTOR'],
  hiringOrganization: { '@type': 'Organization', name: 'Acme', sameAs: 'https://acme.example', logo: 'https://acme.example/logo.png' },
  jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Kazan', addressRegion: 'Tatarstan', addressCountry: 'RU' } },
  jobLocationType: 'TELECOMMUTE',
  applicantLocationRequirements: [{ '@type': 'Country', name: 'Russia' }],
  baseSalary: { '@type': 'MonetaryAmount', currency: 'RUB', value: { '@type': 'QuantitativeValue', minValue: 200000, maxValue: 300000, unitText: 'MONTH' } },
  url: 'https://acme.example/jobs/42',
  inLanguage: 'en-US',
  skills: 'React, TypeScript',
  educationRequirements: { '@type': 'EducationalOccupationalCredential', credentialCategory: 'bachelor degree' },
};

t.test('a JSON-LD JobPosting becomes a vacancy; unknown fields are kept; a re-push updates it', async (t) => {
  const { call } = await buildTestApp(t);
  const res = await call({ method: 'POST', url: '/v1/vacancies/import', payload: JSON.stringify(posting), headers: { 'content-type': 'application/ld+json' } });
  t.equal(res.statusCode, 201, res.body);
  const v = res.json();
  t.match(v, {
    title: 'Frontend Developer',
    description: 'We build fast apps & tools.\n\n- React\n- TypeScript',
    externalId: 'REQ-42',
    employmentType: ['FULL_TIME', 'CONTRACTOR'],
    hiringOrganization: { name: 'Acme', url: 'https://acme.example', logo: 'https://acme.example/logo.png' },
    jobLocation: { city: 'Kazan', region: 'Tatarstan', country: 'RU' },
    jobLocationType: 'TELECOMMUTE',
    applicantLocationRequirements: ['Russia'],
    baseSalary: { min: 200000, max: 300000, currency: 'RUB', unit: 'MONTH' },
    datePosted: '2026-11-01T00:00:00Z',
    validThrough: '2026-12-31T23:59:59Z',
    applyUrl: 'https://acme.example/jobs/42',
    language: 'en',
  });
  t.same(v.extra, { skills: posting.skills, educationRequirements: posting.educationRequirements });

  const again = await call({ method: 'POST', url: '/v1/vacancies/import', payload: { ...posting, title: 'Senior Frontend Developer' } });
  t.equal(again.statusCode, 200, 'the same identifier updates');
  t.equal(again.json().id, v.id);
  t.equal(again.json().title, 'Senior Frontend Developer');
});

t.test('a posting inside @graph is found', async (t) => {
  const { call } = await buildTestApp(t);
  const res = await call({
    method: 'POST',
    url: '/v1/vacancies/import',
    payload: { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage', name: 'Careers' }, { ...posting, identifier: 'plain-id' }] },
  });
  t.equal(res.statusCode, 201);
  t.equal(res.json().externalId, 'plain-id');
});

t.test('a document without a usable JobPosting is refused, naming the fields, and writes nothing', async (t) => {
  const { call } = await buildTestApp(t);
  const notJob = await call({ method: 'POST', url: '/v1/vacancies/import', payload: { '@type': 'Organization', name: 'Acme' } });
  t.equal(notJob.statusCode, 422);
  t.match(notJob.json().errors, [{ field: '@type' }]);

  const incomplete = await call({ method: 'POST', url: '/v1/vacancies/import', payload: { '@type': 'JobPosting', title: 'X', baseSalary: { currency: 'RUB', value: { value: 'lots', unitText: 'MONTH' } } } });
  t.equal(incomplete.statusCode, 422);
  const fields = incomplete.json().errors.map((e: { field: string }) => e.field);
  t.ok(fields.includes('description'), 'description named');
  t.ok(fields.includes('hiringOrganization'), 'hiringOrganization named');
  t.equal((await call({ method: 'GET', url: '/v1/vacancies' })).json().items.length, 0);
});

// ---- what the import infers when the posting does not say it

const englishPosting = {
  '@context': 'https://schema.org/',
  '@type': 'JobPosting',
  title: 'Senior Frontend Developer (React)',
  description: '<p>Join our product team in Kazan or remotely.</p><ul><li>5+ years of TypeScript</li><li>React, Redux, testing</li></ul>',
  identifier: 'EN-1',
  hiringOrganization: { '@type': 'Organization', name: 'Acme' },
  url: 'https://acme.example/jobs/en-1',
};

const russianPosting = {
  '@context': 'https://schema.org/',
  '@type': 'JobPosting',
  title: 'Онлайн-маркетолог',
  // Russian postings quote English words: they must not tip the language.
  description: '<p>Ищем маркетолога в команду: SMM, performance, B2B и Instagram.</p><ul><li>опыт от 3 лет</li><li>английский B1</li></ul>',
  identifier: 'RU-1',
  hiringOrganization: { '@type': 'Organization', name: 'Сеть кофеен' },
  url: 'https://coffee.example/jobs/1',
};

t.test('an English posting without inLanguage is English, with professions from its title, and the answer says so', async (t) => {
  const { call } = await buildTestApp(t);
  const res = await call({ method: 'POST', url: '/v1/vacancies/import', payload: JSON.stringify(englishPosting), headers: { 'content-type': 'application/ld+json' } });
  t.equal(res.statusCode, 201, res.body);
  const { inferred, ...vacancy } = res.json();
  t.equal(vacancy.language, 'en');
  t.same(vacancy.audience, { professions: ['frontend', 'javascript'], seniority: [] });
  t.match(inferred, {
    language: { value: 'en', from: 'text', detail: /0 Cyrillic and \d+ Latin letters/ },
    professions: { value: ['frontend', 'javascript'], from: 'title' },
  });
  // The vacancy itself is the same representation GET returns; only `inferred` is added.
  t.same((await call({ method: 'GET', url: `/v1/vacancies/${vacancy.id}` })).json(), vacancy);
  // English groups are now in reach: the plan's audience is English and frontend.
  const plan = (await call({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/plan` })).json();
  t.match(plan.audience, { professions: ['frontend', 'javascript'], language: 'en' });
});

t.test('a Russian posting with English words is Russian; a stated inLanguage is not second-guessed', async (t) => {
  const { call } = await buildTestApp(t);
  const res = await call({ method: 'POST', url: '/v1/vacancies/import', payload: russianPosting });
  t.equal(res.statusCode, 201, res.body);
  t.equal(res.json().language, 'ru');
  t.same(res.json().audience.professions, ['marketing']);
  t.match(res.json().inferred, { language: { value: 'ru', from: 'text' }, professions: { value: ['marketing'], from: 'title' } });

  const stated = await call({ method: 'POST', url: '/v1/vacancies/import', payload: { ...englishPosting, identifier: 'EN-2', inLanguage: 'ru' } });
  t.equal(stated.statusCode, 201, stated.body);
  t.equal(stated.json().language, 'ru', 'inLanguage wins over the text');
  t.notOk('language' in stated.json().inferred, 'and nothing is said to be inferred about it');

  const noWords = await call({ method: 'POST', url: '/v1/vacancies/import', payload: { ...russianPosting, identifier: 'RU-2', title: 'Бариста' } });
  t.same(noWords.json().audience.professions, []);
  t.match(noWords.json().inferred.professions, { value: [], from: 'title', detail: /general boards only/ });
});

t.test('a correction survives the next push: professions set by a person are kept, the language follows inLanguage', async (t) => {
  const { call } = await buildTestApp(t);
  const first = (await call({ method: 'POST', url: '/v1/vacancies/import', payload: englishPosting })).json();
  const patched = await call({ method: 'PATCH', url: `/v1/vacancies/${first.id}`, payload: { audience: { professions: ['javascript'], seniority: ['senior'] } } });
  t.equal(patched.statusCode, 200, patched.body);

  const again = await call({ method: 'POST', url: '/v1/vacancies/import', payload: { ...englishPosting, title: 'Senior Frontend Developer (Vue)' } });
  t.equal(again.statusCode, 200, again.body);
  t.equal(again.json().id, first.id);
  t.same(again.json().audience, { professions: ['javascript'], seniority: ['senior'] }, "the person's professions and seniority stay");
  t.notOk('professions' in again.json().inferred, 'nothing inferred about professions');
  t.match(again.json().inferred.language, { value: 'en', from: 'text' });

  const corrected = await call({ method: 'POST', url: '/v1/vacancies/import', payload: { ...englishPosting, inLanguage: 'ru' } });
  t.equal(corrected.json().language, 'ru', 'the ATS corrects the language by saying it');
  t.same(corrected.json().inferred, {});
});
