import { readFileSync } from 'node:fs';
// ajv and ajv-formats come with fastify (its own validator compiler); both are CommonJS.
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
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

// ---- The document teaches: every answer is named, every body and answer has examples that fit ----

type Media = { schema?: unknown; examples?: Record<string, { value: unknown }> };
type Op = {
  operationId: string;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description: string; content?: Record<string, Media> }>;
};
const doc = parse(committed) as { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, unknown> } };
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, method, path, op })),
);

t.test('every response has a real description, and every body and answer has examples', async (t) => {
  for (const { where, op } of operations) {
    for (const [status, response] of Object.entries(op.responses)) {
      t.not(response.description, 'Default Response', `${where} ${status} is described`);
      t.ok(response.description.length > 3, `${where} ${status}: "${response.description}"`);
      for (const [mediaType, media] of Object.entries(response.content ?? {})) {
        t.ok(Object.keys(media.examples ?? {}).length > 0, `${where} ${status} ${mediaType} has an example`);
        // A tracked link is followed by a person from a post: its refusals are pages, the API's are problem+json.
        if (Number(status) >= 400) t.equal(mediaType, op.operationId === 'followTrackedLink' ? 'text/html' : 'application/problem+json', `${where} ${status}`);
      }
    }
    for (const [mediaType, media] of Object.entries(op.requestBody?.content ?? {})) {
      t.ok(Object.keys(media.examples ?? {}).length > 0, `${where} body ${mediaType} has an example`);
    }
  }
});

t.test('the body media types the app parses are documented', async (t) => {
  const bodyTypes = (method: string, path: string) => Object.keys(doc.paths[path]![method]!.requestBody!.content).sort();
  t.same(bodyTypes('post', '/v1/vacancies/import'), ['application/json', 'application/ld+json']);
  for (const { method, path, op } of operations) {
    if (method === 'patch' && op.requestBody) t.same(bodyTypes(method, path), ['application/json', 'application/merge-patch+json'], `PATCH ${path}`);
  }
});

t.test('every example validates against the schema it illustrates', async (t) => {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12: the components become one schema resource to refer into.
  const base = 'https://vacancy-crossposter.test/components';
  const toDefs = (value: unknown, prefix: string) => JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${prefix}#/$defs/`));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajvFormats.default(ajv);
  ajv.addSchema({ $id: base, $defs: toDefs(doc.components.schemas, '') });
  let checked = 0;
  const check = (where: string, media: Media) => {
    const validate = ajv.compile(toDefs(media.schema, base));
    for (const [name, example] of Object.entries(media.examples ?? {})) {
      checked++;
      t.ok(validate(example.value), `${where} "${name}" ${validate.errors ? ajv.errorsText(validate.errors) : 'fits'}`);
    }
  };
  for (const { where, op } of operations) {
    for (const [mediaType, media] of Object.entries(op.requestBody?.content ?? {})) check(`${where} body ${mediaType}`, media);
    for (const [status, response] of Object.entries(op.responses)) {
      for (const [mediaType, media] of Object.entries(response.content ?? {})) check(`${where} ${status} ${mediaType}`, media);
    }
  }
  t.ok(checked > 150, `${checked} examples checked`);
});
