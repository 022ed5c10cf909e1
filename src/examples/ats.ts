// ATS connectors in the API docs: a Huntflow connector that posts what Huntflow opens, and the
// deliveries each ATS sends.
import type { Examples } from '../plugins/openapi-examples.js';
import { AT, EXAMPLE_ID } from './ids.js';
import { refusal } from './problems.js';

const CONNECTOR_ID = '019a7b16-2a00-7a01-8d00-5a6b7c8d9e01';

export const connectorInputExamples: Examples = {
  huntflow: {
    summary: 'Huntflow: every vacancy opened there is posted the next morning, staggered',
    value: {
      kind: 'huntflow',
      name: 'Huntflow',
      secret: 'hf-webhook-secret-2026-zerno',
      defaults: { applyUrl: 'https://zerno.example/careers', hiringOrganization: { name: 'Зерно' }, language: 'ru' },
      campaign: { targets: { groupIds: [EXAMPLE_ID.group] }, timing: { type: 'now' } },
    },
  },
  greenhouse: {
    summary: 'Greenhouse: vacancies only, no automatic campaign',
    value: { kind: 'greenhouse', name: 'Greenhouse', secret: 'gh-secret-key-2026-zerno', defaults: { applyUrl: 'https://boards.greenhouse.io/zerno', hiringOrganization: { name: 'Zerno' } } },
  },
  generic: { summary: 'Any system that signs the Standard Webhooks way: the secret is made here', value: { kind: 'generic', name: 'Careers site', defaults: { hiringOrganization: { name: 'Зерно' } } } },
};

export const connectorPatchExamples: Examples = {
  'stop auto-posting': { value: { campaign: null } },
  'new secret': { value: { secret: 'hf-webhook-secret-2026-rotated' } },
};

const connector = {
  id: CONNECTOR_ID,
  kind: 'huntflow',
  name: 'Huntflow',
  inboundUrl: `https://jobs.zerno.example/hooks/ats/${CONNECTOR_ID}`,
  defaults: { applyUrl: 'https://zerno.example/careers', hiringOrganization: { name: 'Зерно' }, language: 'ru' },
  campaign: { targets: { groupIds: [EXAMPLE_ID.group] }, timing: { type: 'now' } },
  enabled: true,
  lastDeliveryAt: null,
  createdAt: AT.created,
  updatedAt: AT.created,
};
export const connectorAnswer: Examples = { huntflow: { value: connector } };
export const connectorListAnswer: Examples = { 'one connector': { value: { items: [connector] } } };

export const inboundDeliveriesAnswer: Examples = {
  'a vacancy created, then a bad one': {
    value: {
      items: [
        {
          id: '019a7b16-3b00-7b02-8e00-6b7c8d9e0f12', deliveryKey: '3f1c1b1e-7e55-4e0a-b0a1-2c0fd1d7a201', event: 'VACANCY', outcome: 'refused', httpStatus: 422,
          detail: 'event.vacancy.position: is required', vacancyId: null, campaignId: null, body: { event: { vacancy: { id: 4472 } } }, receivedAt: AT.updated,
        },
        {
          id: '019a7b16-3a00-7a01-8e00-6b7c8d9e0f11', deliveryKey: '8a6c3d52-1f7b-4b44-9d7e-0f3e0d1c9b10', event: 'VACANCY', outcome: 'created', httpStatus: 201,
          detail: null, vacancyId: EXAMPLE_ID.vacancy, campaignId: EXAMPLE_ID.campaign, body: null, receivedAt: AT.created,
        },
      ],
      nextCursor: null,
    },
  },
};

/** Deliveries as each ATS sends them (sign them with the connector's secret: see the README). */
export const inboundExamples: Examples = {
  'Huntflow VACANCY created': {
    summary: 'X-Huntflow-Event: VACANCY, X-Huntflow-Signature: hex HMAC-SHA256 of the body',
    value: {
      event: {
        vacancy: {
          id: 4471, position: 'Интернет-маркетолог', company: 'Зерно', money: 'от 150 000 до 200 000 руб.',
          body: '<p>Ведём соцсети сети кофеен.</p><ul><li>Контент-план</li><li>Таргет VK</li></ul>', requirements: '<p>Опыт от 2 лет</p>', conditions: '<p>Удалённо</p>',
          state: 'OPEN', deadline: '2026-12-31', account_region: null, hidden: false,
        },
        vacancy_log: { id: 91, state: 'CREATED', created: '2026-11-02T12:15:00+03:00' },
      },
      changes: {},
      meta: { account: { id: 12, name: 'Зерно' }, event_type: 'VACANCY', version: '2.0', retry: 0, event_id: '8a6c3d52-1f7b-4b44-9d7e-0f3e0d1c9b10', webhook_action: 'ADD' },
    },
  },
};

export const inboundAnswers: Examples = {
  created: { value: { outcome: 'created', vacancyId: EXAMPLE_ID.vacancy, campaignId: EXAMPLE_ID.campaign } },
  duplicate: { value: { outcome: 'created', vacancyId: EXAMPLE_ID.vacancy, duplicate: true, detail: 'this delivery was processed before: nothing changed' } },
};

export const inboundIgnoredAnswer: Examples = {
  'an event not acted on': { value: { outcome: 'ignored', detail: 'APPLICANT events are not acted on: only VACANCY (and PING)' } },
};

export const inboundProblems = refusal(422, 'unmappable-delivery', 'The delivery cannot become a vacancy: event.vacancy.position: is required', {
  errors: [{ field: 'event.vacancy.position', in: 'body', message: 'event.vacancy.position: is required' }],
});
