import { randomBytes } from 'node:crypto';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { parseEnv } from '../../src/config/env.js';
import { openTestDatabase } from '../helpers/database-lanes.js';

t.test('BOOTSTRAP_API_KEY becomes the first admin key; concurrent bootstraps make one workspace', async (t) => {
  const app = await buildApp({ config: parseEnv({}), database: await openTestDatabase(), secretsKey: randomBytes(32), logger: false });
  t.teardown(() => app.close());
  const key = 'boot_' + 'k'.repeat(40);
  const results = await Promise.all([1, 2, 3].map(() => app.services.workspaces.bootstrap(key)));
  t.equal(results.filter(Boolean).length, 1, 'exactly one bootstrap created a workspace');
  t.equal(results.find(Boolean)!.generatedKey, undefined, 'a given key is not echoed back');
  const res = await app.inject({ method: 'GET', url: '/v1/workspaces/current', headers: { authorization: `Bearer ${key}` } });
  t.equal(res.statusCode, 200);
  t.equal(res.json().name, 'Default workspace');
});
