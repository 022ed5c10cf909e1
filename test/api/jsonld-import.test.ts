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
