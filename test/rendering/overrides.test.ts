import Handlebars from 'handlebars';
import t from 'tap';
import { createRenderer, TemplateRenderError } from '../../src/rendering/renderer.js';
import { sampleVacancy } from '../fixtures/sample-vacancy.js';

const renderer = createRenderer();
const context = { applyUrl: sampleVacancy.applyUrl };

t.test('strict mode: an unknown variable fails and is named', async (t) => {
  const check = renderer.compileOverride('telegram', 'Hello\n{{nope}}\n');
  t.same(check.ok, false);
  if (check.ok) return;
  t.match(check.message, 'nope');
  t.equal(check.line, 2);
});

t.test('an unknown helper or a misspelt field fails and is named', async (t) => {
  const helper = renderer.compileOverride('vk', '{{vacancy.title}}\n\n{{shout vacancy.title}}');
  t.match(helper, { ok: false, line: 3, message: /shout/ });
  const field = renderer.compileOverride('vk', '{{vacancy.titel}}');
  t.match(field, { ok: false, line: 1, message: /titel/ });
  const argument = renderer.compileOverride('vk', '{{salary vacancy.salary}}');
  t.match(argument, { ok: false, line: 1, message: /salary/ }, 'helper arguments are strict too');
});

t.test('a syntax error reports its line', async (t) => {
  const unclosed = renderer.compileOverride('vk', 'line one\nline two\nline {{three\nline four');
  t.match(unclosed, { ok: false, line: 3, message: /never closed/ });
  const block = renderer.compileOverride('vk', 'a\n{{#if applyUrl}}\n{{applyUrl}}\n{{#each vacancy.hashtags}}{{this}}{{/each}}\nend\n');
  t.match(block, { ok: false, line: 2, message: /\{\{#if\}\} is never closed/ });
  const mismatched = renderer.compileOverride('ok', 'a\n{{#if applyUrl}}\nb\n{{/each}}\n');
  t.match(mismatched, { ok: false, line: 2, message: /if doesn't match each/ });
});

t.test('a field some vacancies lack must be guarded', async (t) => {
  const unguarded = renderer.compileOverride('vk', '{{vacancy.title}}\n{{salary vacancy.baseSalary}}');
  t.match(unguarded, { ok: false, line: 2, message: /baseSalary.*#if/ });
  t.same(renderer.compileOverride('vk', '{{vacancy.title}}\n{{#if vacancy.baseSalary}}{{salary vacancy.baseSalary}}{{/if}}'), { ok: true });
});

t.test('conditions on nested optional fields are false, not errors', async (t) => {
  const source = '{{#if vacancy.jobLocation.city}}{{vacancy.jobLocation.city}}{{/if}}\n{{#with vacancy.baseSalary.min as |min|}}{{min}}{{/with}}';
  t.same(renderer.compileOverride('vk', source), { ok: true });
  t.equal(renderer.render('vk', { ...sampleVacancy, jobLocation: undefined, baseSalary: undefined }, context, source).text, '');
  t.equal(renderer.render('vk', sampleVacancy, context, source).text, 'Москва\n100000');
});

t.test('a helper given the wrong value says which helper and where', async (t) => {
  t.match(renderer.compileOverride('vk', 'x\n{{#if vacancy.baseSalary}}{{salary vacancy.baseSalary.min}}{{/if}}'), {
    ok: false,
    line: 2,
    message: /salary helper: expects vacancy\.baseSalary/,
  });
});

t.test('raw output, partials and decorators are refused', async (t) => {
  t.match(renderer.compileOverride('telegram', 'x\n{{{vacancy.title}}}'), { ok: false, line: 2, message: /unescaped/ });
  t.match(renderer.compileOverride('telegram', '{{& vacancy.title}}'), { ok: false, line: 1 });
  t.match(renderer.compileOverride('telegram', '{{> footer}}'), { ok: false, line: 1, message: /partials/ });
});

t.test('literal markup must be valid for the network', async (t) => {
  t.match(renderer.compileOverride('telegram', '<div>{{vacancy.title}}</div>'), { ok: false, line: null, message: /Telegram HTML.*div/ });
  t.match(renderer.compileOverride('telegram', '<b>{{vacancy.title}}'), { ok: false, message: /never closed/ });
  t.match(renderer.compileOverride('linkedin', '{{vacancy.title}}\nApply (now) {{applyUrl}}'), { ok: false, line: 2, message: /"\("/ });
  t.same(renderer.compileOverride('linkedin', '{{vacancy.title}}\nApply \\(now\\) {{applyUrl}} {hashtag|\\#|jobs}'), { ok: true });
  t.match(renderer.compileOverride('vk', '{{#each vacancy.hashtags}}{{#truncatable}}{{this}}{{/truncatable}}{{/each}}'), {
    ok: false,
    message: /once/,
  });
});

t.test('a valid override renders, escaped for the network, with the body cut', async (t) => {
  const source = '<b>{{vacancy.title}}</b> — {{vacancy.hiringOrganization.name}}\n\n{{#truncatable}}{{description vacancy.description}}{{/truncatable}}\n\n<a href="{{applyUrl}}">{{labels.apply}}</a> {{hashtags vacancy.hashtags}}';
  t.same(renderer.compileOverride('telegram', source), { ok: true });
  const result = renderer.render('telegram', { ...sampleVacancy, title: 'A & B' }, { ...context, asCaption: true }, source);
  t.ok(result.text.startsWith('<b>A &amp; B</b> — '));
  t.ok(result.truncated);
  t.ok(result.text.endsWith('…\n\n<a href="https://vk.com/medvedevamiroslavna">Откликнуться</a> #вакансия #маркетолог'));
});

t.test('render with a broken override throws, naming the line', async (t) => {
  const error = (() => {
    try {
      renderer.render('vk', sampleVacancy, context, 'ok\n{{nope}}');
    } catch (caught) {
      return caught;
    }
  })();
  t.type(error, TemplateRenderError);
  t.match(error, { line: 2, message: /nope/ });
});

t.test('overrides are compiled once per (network, source)', async (t) => {
  const create = Handlebars.create;
  let precompiles = 0;
  Handlebars.create = function (this: unknown) {
    const env = create.call(Handlebars);
    const precompile = env.precompile;
    env.precompile = (...args: Parameters<typeof precompile>) => {
      precompiles += 1;
      return precompile.apply(env, args);
    };
    return env;
  } as typeof create;
  t.teardown(() => {
    Handlebars.create = create;
  });
  const counted = createRenderer();
  const bundled = precompiles;
  t.equal(bundled, 5, 'the five bundled templates are precompiled at creation');
  const source = '{{vacancy.title}} {{applyUrl}}';
  counted.compileOverride('vk', source);
  counted.compileOverride('vk', source);
  counted.render('vk', sampleVacancy, context, source);
  t.equal(precompiles, bundled + 1);
  counted.render('ok', sampleVacancy, context, source);
  t.equal(precompiles, bundled + 2, 'another network is another entry');
  counted.compileOverride('vk', 'x {{nope}}');
  counted.compileOverride('vk', 'x {{nope}}');
  t.equal(precompiles, bundled + 3, 'failures are cached too');
});
