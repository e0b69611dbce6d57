// Absolute and relative time labels (Intl), shared by the view model and the page renderer.

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400e3], ['month', 30 * 86400e3], ['week', 7 * 86400e3], ['day', 86400e3], ['hour', 3600e3], ['minute', 60e3],
];

function safeLocale<T>(locale: string, make: (l: string) => T): T {
  try { return make(locale); } catch { return make('en'); }
}

// Formatters are costly to build; a 2,000-event timeline formats 4,000 times.
const rtfCache = new Map<string, Intl.RelativeTimeFormat>();
const dtfCache = new Map<string, Intl.DateTimeFormat>();
const rtfFor = (locale: string) => {
  let f = rtfCache.get(locale);
  if (!f) rtfCache.set(locale, (f = safeLocale(locale, (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }))));
  return f;
};
const dtfFor = (locale: string) => {
  let f = dtfCache.get(locale);
  if (!f) dtfCache.set(locale, (f = safeLocale(locale, (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }))));
  return f;
};

export function relativeTime(iso: string | undefined, now: number, locale: string): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return '';
  const diff = t - now;
  const rtf = rtfFor(locale);
  for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  return rtf.format(Math.round(diff / 1000), 'second');
}

export function absoluteTime(iso: string | undefined, locale: string): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return iso ?? '';
  return dtfFor(locale).format(t);
}

