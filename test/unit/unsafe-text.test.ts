import t from 'tap';
import { MAX_INPUT_DEPTH, badlyEncodedQueryNames, findUnsafeText, isUnsafeText } from '../../src/lib/unsafe-text.js';

t.test('NUL and unpaired surrogates are unsafe; paired surrogates (emoji) are not', async (t) => {
  for (const s of ['a\u0000b', '\ud800', 'x\ud800', '\udc00x', '\udc00\ud800', 'a\ud83d', '\ude00a']) t.ok(isUnsafeText(s), JSON.stringify(s));
  for (const s of ['', 'plain', '🚀', 'a\ud83d\ude00b', 'Привет', '\u0001\u001f', '\ufffd']) t.notOk(isUnsafeText(s), JSON.stringify(s));
});

t.test('findings name the path of values and keys, in document order', async (t) => {
  const found = findUnsafeText({ title: 'ok', org: { name: 'a\u0000' }, tags: ['x', '\ud800'], ['k\u0000ey']: 1 });
  t.same(found, [
    { path: 'org.name', problem: 'text' },
    { path: 'tags.1', problem: 'text' },
    { path: 'k\\u0000ey', problem: 'text' },
  ]);
  t.same(findUnsafeText('\udfff'), [{ path: '', problem: 'text' }], 'a bare string is the value itself');
});

t.test('nesting beyond the limit is one finding, found without recursion', async (t) => {
  let deep: unknown = 'leaf';
  for (let i = 0; i < 200_000; i++) deep = [deep];
  const found = findUnsafeText({ a: deep });
  t.equal(found.length, 1);
  t.equal(found[0]!.problem, 'depth');
  t.equal(found[0]!.path.split('.').length, MAX_INPUT_DEPTH);
  let ok: unknown = 'leaf';
  for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) ok = [ok];
  t.same(findUnsafeText({ a: ok }), [], `${MAX_INPUT_DEPTH} levels are fine`);
});

t.test('query parameters whose percent-encoding is not UTF-8 are named', async (t) => {
  t.same(badlyEncodedQueryNames('q=%ED%A0%80&tag=ok&limit=%FF&good=%F0%9F%9A%80&x=a+b%20c'), ['q', 'limit']);
  t.same(badlyEncodedQueryNames('%FF=1'), ['%FF'], 'a badly encoded name is shown raw');
  t.same(badlyEncodedQueryNames(''), []);
});
