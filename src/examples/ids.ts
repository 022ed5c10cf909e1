// The one story every example tells: a coffee chain's HR posts an online-marketer vacancy to its
// Telegram channel and a Facebook group. Examples refer to each other by these ids; the test that
// sends every example to the app swaps them for the ids of objects it made (test/api/openapi-examples.test.ts).
export const EXAMPLE_ID = {
  workspace: '019a7b10-2c40-7a11-8f00-4d2e1c0b9a01',
  apiKey: '019a7b10-2c41-7b22-9e11-5e3f2d1c0b02',
  vacancy: '019a7b12-0e5c-7c33-a022-6f4a3e2d1c03',
  account: '019a7b11-7f20-7d44-b133-7a5b4f3e2d04',
  group: '019a7b11-8a31-7e55-8244-8b6c5a4f3e05',
  facebookGroup: '019a7b11-8b42-7f66-9355-9c7d6b5a4f06',
  campaign: '019a7b13-4d10-7a77-a466-ad8e7c6b5a07',
  post: '019a7b13-4d20-7b88-b577-be9f8d7c6b08',
  facebookPost: '019a7b13-4d21-7c99-8688-cfa09e8d7c09',
} as const;

/** Fixed instants, so the examples read as one sequence of events. */
export const AT = {
  created: '2026-11-02T09:15:00.000Z',
  updated: '2026-11-02T09:40:00.000Z',
  campaign: '2026-11-02T10:00:00.000Z',
  published: '2026-11-02T10:00:01.512Z',
} as const;
