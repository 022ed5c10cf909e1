import t from 'tap';
import { measureText } from '../../src/rendering/measure.js';
import { ELLIPSIS, fitToLimit, truncateBody } from '../../src/rendering/truncate.js';
import { unescapedReserved } from './fixtures/linkedin-checker.js';
import { telegramHtmlErrors, telegramVisibleText } from './fixtures/telegram-html-validator.js';

t.test('lengths are UTF-16 code units; Telegram counts visible text only', async (t) => {
  t.equal(measureText('plain', 'абв'), 3);
  t.equal(measureText('plain', '😀'), 2, 'an astral emoji is two code units');
  t.equal(measureText('telegramHtml', '<b>a&amp;b</b> <a href="https://x.y/?a=1&amp;b=2">go</a>'), 6);
  t.equal(measureText('linkedinLittleText', 'a\\_b'), 4, 'backslashes count: they are sent');
});

t.test('plain: cut at a word boundary, end with an ellipsis, never exceed the budget', async (t) => {
  const body = 'Один два три четыре пять шесть семь восемь девять десять';
  const cut = truncateBody('plain', body, 20);
  t.ok(cut.truncated);
  t.equal(cut.text, 'Один два три четыре…');
  t.ok(cut.text.length <= 20);
  t.same(truncateBody('plain', body, 1000), { text: body, truncated: false });
  t.equal(truncateBody('plain', 'Word, word: next', 12).text, 'Word, word…', 'no dangling punctuation before the ellipsis');
  t.equal(truncateBody('plain', 'x'.repeat(50), 10).text, 'x'.repeat(9) + ELLIPSIS, 'one long word is cut where it must be');
  t.equal(truncateBody('plain', '😀😀😀😀', 4).text, '😀' + ELLIPSIS, 'a surrogate pair is never split');
  t.equal(truncateBody('plain', 'abc def', 0).text, '');
});

t.test('Telegram: never inside a tag or an entity, open tags closed, visible length within budget', async (t) => {
  const body = '<b>Заголовок:</b>\n• пункт &amp; ещё &lt;один&gt;\n<i>курсив <b>жирный внутри курсива и дальше</b> текст</i>';
  for (let budget = 1; budget < measureText('telegramHtml', body); budget++) {
    const { text } = truncateBody('telegramHtml', body, budget);
    t.same(telegramHtmlErrors(text), [], `valid at budget ${budget}: ${text}`);
    t.ok(telegramVisibleText(text).length <= budget, `within budget ${budget}`);
    if (text) t.ok(telegramVisibleText(text).endsWith(ELLIPSIS), `ends with the ellipsis at ${budget}`);
  }
  t.equal(truncateBody('telegramHtml', body, 40).text, '<b>Заголовок:</b>\n• пункт &amp; ещё &lt;один&gt;\n<i>курсив…</i>');
});

t.test('LinkedIn: an escape pair is never split', async (t) => {
  const body = 'a\\_b\\_c\\_d\\_e\\_f';
  for (let budget = 1; budget <= body.length; budget++) {
    const { text } = truncateBody('linkedinLittleText', body, budget);
    t.same(unescapedReserved(text), [], `no lone backslash at ${budget}: ${text}`);
    t.ok(text.length <= budget);
  }
});

t.test('fitToLimit cuts only the body and keeps before/after', async (t) => {
  const parts = { before: 'TITLE\n\n', body: 'word '.repeat(100).trim(), after: '\n\nAPPLY https://x.y\n\n#tag' };
  const fitted = fitToLimit('plain', parts, 100);
  t.ok(fitted.truncated);
  t.notOk(fitted.fixedPartsCut);
  t.ok(fitted.length <= 100);
  t.ok(fitted.text.startsWith('TITLE\n\nword word'));
  t.ok(fitted.text.endsWith('word…\n\nAPPLY https://x.y\n\n#tag'));

  const untouched = fitToLimit('plain', parts, 10_000);
  t.same(untouched, { text: parts.before + parts.body + parts.after, length: untouched.length, truncated: false, fixedPartsCut: false });

  const tooSmall = fitToLimit('plain', parts, 20);
  t.ok(tooSmall.fixedPartsCut, 'last resort when the fixed parts alone exceed the limit');
  t.ok(tooSmall.length <= 20);
});
