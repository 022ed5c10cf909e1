import t from 'tap';
import { cleanText, linkedinLittleText, plain, telegramHtml } from '../../src/rendering/escape.js';
import { unescapedReserved } from './fixtures/linkedin-checker.js';
import { telegramHtmlErrors } from './fixtures/telegram-html-validator.js';

t.test('telegramHtml escapes < > & and " and nothing else', async (t) => {
  t.equal(telegramHtml('<script>alert("x")</script> & co'), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  t.equal(telegramHtml('Привет, #мир_1 *bold* _it_'), 'Привет, #мир_1 *bold* _it_');
  t.equal(telegramHtml('&amp;'), '&amp;amp;', 'an entity typed by the user is shown as typed');
  t.same(telegramHtmlErrors(telegramHtml('a < b > c & "d" &lt;')), []);
});

t.test('linkedinLittleText backslash-escapes every reserved character', async (t) => {
  const reserved = '\\|{}@[]()<>#*_~';
  t.equal(linkedinLittleText(reserved), [...reserved].map((ch) => '\\' + ch).join(''));
  t.equal(linkedinLittleText('C# dev_ops *x* (y) @z'), 'C\\# dev\\_ops \\*x\\* \\(y\\) \\@z');
  t.equal(linkedinLittleText('Обычный текст, точка. Дефис - и "кавычки"'), 'Обычный текст, точка. Дефис - и "кавычки"');
  t.same(unescapedReserved(linkedinLittleText('a\\b|c{d}e@f[g]h(i)j<k>l#m*n_o~p')), []);
});

t.test('plain leaves text as written', async (t) => {
  t.equal(plain('<b>&amp; #tag_1 (x)</b>'), '<b>&amp; #tag_1 (x)</b>');
});

t.test('every escaper normalises newlines and drops control and marker characters', async (t) => {
  const dirty = 'a\r\nb\rc\u0000d\u0007e\u001Ff\uE000g\uE001h\tI';
  t.equal(cleanText(dirty), 'a\nb\ncdefgh\tI');
  for (const escape of [telegramHtml, linkedinLittleText, plain]) t.equal(escape(dirty), 'a\nb\ncdefgh\tI');
});
