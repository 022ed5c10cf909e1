import { readFileSync } from 'node:fs';
import t from 'tap';
import { parse } from 'yaml';
import { validate } from '@readme/openapi-parser';
import { generateOpenApiYaml } from '../../src/openapi-document.js';

const committed = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');

t.test('the committed openapi.yaml is what the code generates', async (t) => {
  const generated = await generateOpenApiYaml();
  t.equal(committed, generated, 'openapi.yaml is stale: run "npm run openapi" and commit it');
});

t.test('openapi.yaml is a valid OpenAPI 3.1 document', async (t) => {
  const doc = parse(committed);
  t.equal(doc.openapi, '3.1.0');
  const result = await validate(structuredClone(doc));
  t.ok(result.valid, result.valid ? 'valid' : JSON.stringify(result.errors).slice(0, 2000));
});

t.test('every operation has operationId, summary, tags and security', async (t) => {
  const doc = parse(committed) as { paths: Record<string, Record<string, Record<string, unknown>>> };
  const ids = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const where = `${method.toUpperCase()} ${path}`;
      t.type(op.operationId, 'string', `${where} operationId`);
      t.notOk(ids.has(op.operationId as string), `${where} operationId is unique`);
      ids.add(op.operationId as string);
      t.type(op.summary, 'string', `${where} summary`);
      t.ok(Array.isArray(op.tags) && (op.tags as unknown[]).length > 0, `${where} tags`);
      t.ok(Array.isArray(op.security), `${where} security`);
      if (path.startsWith('/v1/')) t.same(op.security, [{ bearerAuth: [] }], `${where} needs a key`);
    }
  }
});
