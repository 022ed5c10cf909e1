// Intl formatters are expensive to build (a new one per call cuts renders/s about tenfold, see
// stack.md), and immutable once built, so one per (locale, options) is kept for the process.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const displayNames = new Map<string, Intl.DisplayNames>();

function cached<T>(cache: Map<string, T>, locale: string, options: object, create: () => T): T {
  const key = locale + JSON.stringify(options);
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = create();
    cache.set(key, formatter);
  }
  return formatter;
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(numberFormats, locale, options, () => new Intl.NumberFormat(locale, options));
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return cached(dateFormats, locale, options, () => new Intl.DateTimeFormat(locale, options));
}

export function regionNames(locale: string): Intl.DisplayNames {
  return cached(displayNames, locale, { type: 'region' }, () => new Intl.DisplayNames([locale], { type: 'region' }));
}
