/**
 * The pure side of translation: a `Translator` over any key lookup, with `{name}` placeholders, plural forms
 * (Intl.PluralRules) and numbers, percentages and dates in the user's locale and time zone (Intl). No Forge or
 * React here, so tests format exactly as the UI does.
 */
import type { I18nMessage, MessageKey } from '../../src/contracts';

export type { MessageKey };
/** Keys with `.one` / `.other` forms, named without the suffix. */
export type PluralKey = PluralBase<MessageKey>;
type PluralBase<K> = K extends `${infer Base}.other` ? (`${Base}.one` extends MessageKey ? Base : never) : never;
/** A message's params: names and numbers as is, or a message of its own (a backend place, field, reason), translated first. */
export type Params = Record<string, string | number | I18nMessage>;
type FlatParams = Record<string, string | number>;

/** The locale the app falls back to when the user's has no catalog (manifest `translations.fallback.default`). */
export const DEFAULT_LOCALE = 'en-US';

export interface Translator {
  /** The user's locale as Jira gives it (e.g. "de-DE"); numbers and dates follow it. */
  locale: string;
  t(key: MessageKey, params?: Params): string;
  /** The plural form of `key` for `count` (Intl plural rules), with `{count}` formatted for the locale. */
  tp(key: PluralKey, count: number, params?: Params): string;
  /** A number for this locale: at most `maxDigits` decimals (default 1). */
  num(value: number, maxDigits?: number): string;
  /** A share 0..1 (or already a percent with `alreadyPercent`) as "42 %" in this locale's style. */
  percent(value: number, options?: { alreadyPercent?: boolean; maxDigits?: number }): string;
  /**
   * An ISO date or date-time as a short date ("2. Dez. 2026" / "Dec 2, 2026"); `withTime` adds the time in the
   * user's Jira time zone, named ("Dec 2, 2026, 09:15 UTC").
   */
  date(value: string | number | Date, options?: { withTime?: boolean; year?: boolean }): string;
  /** A list joined as the locale does ("A, B and C" / "A, B und C"). */
  list(items: readonly string[]): string;
}

export type Lookup = (key: string) => string | null;

/** A bare ISO date ("2026-11-30"): a day a backend message names, shown in the user's date format. */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Puts `{name}` params into a message; an unknown placeholder stays visible so a missing param is seen. Numbers
 * go through `formatNumber`, and a param that is a bare ISO date through `formatDate` when given (backend
 * messages send days as "2026-11-30", docs/decisions/translations.md).
 */
export function interpolate(message: string, params: FlatParams | undefined, formatNumber: (n: number) => string, formatDate?: (day: string) => string): string {
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (typeof value === 'number') return formatNumber(value);
    return formatDate && ISO_DAY.test(value) ? formatDate(value) : value;
  });
}

/** `key` without its plural suffix when it has one (`job.loaded.other` -> `job.loaded`), else null. */
function pluralBase(key: string): string | null {
  const match = /^(.+)\.(one|other)$/.exec(key);
  return match ? (match[1] as string) : null;
}

/** A translator over a key lookup (Forge's translation function, or a catalog in tests) for `locale`. */
export function makeTranslator(locale: string, lookup: Lookup, timeZone = 'UTC'): Translator {
  const intlLocale = safeLocale(locale);
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const numberFormat = (maxDigits: number) => {
    let format = numberFormats.get(maxDigits);
    if (!format) {
      format = new Intl.NumberFormat(intlLocale, { maximumFractionDigits: maxDigits });
      numberFormats.set(maxDigits, format);
    }
    return format;
  };
  const num = (value: number, maxDigits = 1) => numberFormat(maxDigits).format(value);
  const plural = new Intl.PluralRules(intlLocale);
  const listFormat = new Intl.ListFormat(intlLocale, { style: 'long', type: 'conjunction' });
  const text = (key: string) => lookup(key) ?? key;
  const day = (value: string) => date(value);
  // A message param (from the backend) reads in this language too, inside the sentence it fills.
  const flat = (params: Params | undefined): FlatParams | undefined =>
    params && Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? t(value.key, value.params) : value]));
  const tp = (key: string, count: number, params?: Params) => {
    const form = plural.select(count) === 'one' ? 'one' : 'other';
    return interpolate(text(`${key}.${form}`), { count, ...flat(params) }, (n) => num(n), day);
  };
  const t = (key: MessageKey, params?: Params): string => {
    // A backend message names one plural form (it cannot know the reader's language): the reader's rules pick again.
    const base = pluralBase(key);
    if (base !== null && typeof params?.count === 'number') return tp(base, params.count, params);
    return interpolate(text(key), flat(params), (n) => num(n), day);
  };
  const date: Translator['date'] = (value, options = {}) => {
    const when = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(when.getTime())) return String(value);
    const dateOnly = typeof value === 'string' && ISO_DAY.test(value);
    return new Intl.DateTimeFormat(intlLocale, {
      day: 'numeric',
      month: 'short',
      ...(options.year === false ? {} : { year: 'numeric' }),
      ...(options.withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } : {}),
      // A bare date names a calendar day: shown as that day wherever the user is.
      timeZone: dateOnly ? 'UTC' : safeTimeZone(timeZone),
    }).format(when);
  };
  return {
    locale: intlLocale,
    t,
    tp,
    num,
    percent: (value, options = {}) =>
      new Intl.NumberFormat(intlLocale, { style: 'percent', maximumFractionDigits: options.maxDigits ?? 0 }).format(
        options.alreadyPercent ? value / 100 : value,
      ),
    date,
    list: (items) => listFormat.format(items),
  };
}

/** Jira's locale as a Forge locale code: "de_DE" -> "de-DE", a bare "de" -> "de-DE". */
export function normalizeLocale(raw: string | null | undefined): string {
  if (!raw) return DEFAULT_LOCALE;
  const locale = raw.replace('_', '-');
  if (locale.includes('-')) return locale;
  return BARE_LANGUAGES[locale] ?? DEFAULT_LOCALE;
}
const BARE_LANGUAGES: Record<string, string> = { en: 'en-US', de: 'de-DE' };

function safeTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale.replace('_', '-'))[0] ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

