import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { RENDER_NETWORKS } from '../../src/rendering/networks.js';
import { DEFAULT_TEMPLATES_DIR, createRenderer } from '../../src/rendering/renderer.js';

function templatesWith(t: Test, network: string, source: string): string {
  const dir = t.testdir({});
  for (const name of RENDER_NETWORKS) copyFileSync(path.join(DEFAULT_TEMPLATES_DIR, `${name}.hbs`), path.join(dir, `${name}.hbs`));
  writeFileSync(path.join(dir, `${network}.hbs`), source);
  return dir;
}

t.test('the default templates dir is resolved from the module and holds all five templates', async (t) => {
  for (const network of RENDER_NETWORKS) t.ok(readFileSync(path.join(DEFAULT_TEMPLATES_DIR, `${network}.hbs`), 'utf8').length > 0, network);
  t.doesNotThrow(() => createRenderer());
});

t.test('a broken bundled template stops the renderer, naming the file and line', async (t) => {
  const syntax = templatesWith(t, 'vk', 'one\ntwo\n{{#if applyUrl}}\nthree\n');
  t.throws(() => createRenderer({ templatesDir: syntax }), { message: /vk\.hbs:3: / });

  const missing = templatesWith(t, 'telegram', '<b>{{vacancy.title}}</b>\n{{vacancy.company}}\n');
  t.throws(() => createRenderer({ templatesDir: missing }), { message: /telegram\.hbs:2: "company" is not defined/ });

  const reserved = templatesWith(t, 'linkedin', '{{vacancy.title}}\n\nApply here: {{applyUrl}} (today)\n');
  t.throws(() => createRenderer({ templatesDir: reserved }), { message: /linkedin\.hbs:3: "\(" is reserved/ });

  t.throws(() => createRenderer({ templatesDir: t.testdir({}) }), { code: 'ENOENT' });
});

t.test('limits are validated', async (t) => {
  t.throws(() => createRenderer({ limits: { vk: { text: 0 } } }), RangeError);
  t.equal(createRenderer({ limits: { ok: { text: 5000 } } }).limits.ok.text, 5000);
});
