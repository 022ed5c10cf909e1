// The few pages a tracked link shows itself: the vacancy is closed (410), the link is unknown (404),
// or the vacancy gives contacts only (200). Plain HTML, no script, nothing loaded from elsewhere.
import type { Vacancy } from '../schemas/vacancy.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

function page(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:17px/1.5 system-ui,sans-serif;max-width:34em;margin:12vh auto;padding:0 1em;color:#1a1a1a}h1{font-size:1.4em}a{color:#0645ad}</style>
</head><body>${body}</body></html>
`;
}

const WORDS = {
  ru: { closed: 'Вакансия закрыта', closedText: 'Набор на эту вакансию завершён. Спасибо за интерес!', contact: 'Как откликнуться', write: 'Напишите' },
  en: { closed: 'This vacancy is closed', closedText: 'This vacancy is no longer open. Thank you for your interest!', contact: 'How to apply', write: 'Write to' },
} as const;
const words = (v: Vacancy) => (v.language === 'en' ? WORDS.en : WORDS.ru);

export function closedPage(vacancy: Vacancy): string {
  const w = words(vacancy);
  return page(vacancy.language === 'en' ? 'en' : 'ru', w.closed, `<h1>${w.closed}</h1><p><b>${escapeHtml(vacancy.title)}</b></p><p>${w.closedText}</p>`);
}

export function unknownLinkPage(): string {
  return page(
    'ru',
    'Ссылка не найдена · Link not found',
    '<h1>Ссылка не найдена</h1><p>Такой ссылки нет: проверьте, что она скопирована целиком.</p><h1 lang="en">Link not found</h1><p lang="en">There is no such link: check that it was copied whole.</p>',
  );
}

export function contactPage(vacancy: Vacancy): string {
  const w = words(vacancy);
  const c = vacancy.contacts ?? {};
  const lines = [
    c.telegram ? `<li>Telegram: <a href="https://t.me/${encodeURIComponent(c.telegram)}">@${escapeHtml(c.telegram)}</a></li>` : '',
    c.email ? `<li>E-mail: <a href="mailto:${encodeURIComponent(c.email)}">${escapeHtml(c.email)}</a></li>` : '',
    c.phone ? `<li>${vacancy.language === 'en' ? 'Phone' : 'Телефон'}: <a href="tel:${encodeURIComponent(c.phone)}">${escapeHtml(c.phone)}</a></li>` : '',
  ].join('');
  return page(
    vacancy.language === 'en' ? 'en' : 'ru',
    `${vacancy.title} · ${w.contact}`,
    `<h1>${escapeHtml(vacancy.title)}</h1><p>${escapeHtml(vacancy.hiringOrganization.name)}</p><h2>${w.contact}</h2><ul>${lines}</ul>`,
  );
}

export function unavailablePage(): string {
  return page(
    'ru',
    'Попробуйте через минуту · Try again in a minute',
    '<h1>Попробуйте через минуту</h1><p>Сервис ненадолго недоступен. Ссылка верная: откройте её ещё раз чуть позже.</p><h1 lang="en">Try again in a minute</h1><p lang="en">The service is briefly unavailable. The link is fine: open it again a little later.</p>',
  );
}
