/**
 * The English text of a catalog message, for what the backend says in English (the `message` of an
 * `AppError`, logs). The UI shows the same key in the user's language (`static/shared/i18n.tsx`); see
 * docs/decisions/translations.md for why messages are translated there and not by the resolvers.
 */
import english from '../../locales/en-US.json';
import type { I18nMessage, MessageKey } from './definitions';

const catalog: Record<string, string> = english;

/** `key`'s English text with `{name}` placeholders filled in (numbers as is). */
export function englishText(key: MessageKey, params?: I18nMessage['params']): string {
  const text = catalog[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** A catalog message as a DTO sends it: its English text and, beside it, its key for the UI to translate. */
export interface SentMessage {
  text: string;
  i18n: I18nMessage;
}

/** `key` with `params`, in English and by key (docs/decisions/translations.md). */
export function sentMessage(key: MessageKey, params?: I18nMessage['params']): SentMessage {
  return { text: englishText(key, params), i18n: params ? { key, params } : { key } };
}

/** Catalog keys with `.one` / `.other` forms, named without the suffix. */
export type PluralMessageKey = PluralBase<MessageKey>;
type PluralBase<K> = K extends `${infer Base}.other` ? (`${Base}.one` extends MessageKey ? Base : never) : never;

/**
 * A plural message for `count`: English picks its form here; the UI picks again by the reader's plural rules
 * (`makeTranslator`'s `t` re-selects a `.one`/`.other` key by the `count` param).
 */
export function sentPlural(base: PluralMessageKey, count: number, params?: I18nMessage['params']): SentMessage {
  return sentMessage(`${base}.${count === 1 ? 'one' : 'other'}`, { count, ...params });
}
