/**
 * The English text of a catalog message, for what the backend says in English (the `message` of an
 * `AppError`, logs). The UI shows the same key in the user's language (`static/shared/i18n.tsx`); see
 * docs/decisions/translations.md for why messages are translated there and not by the resolvers.
 */
import english from '../../locales/en-US.json';
import type { I18nMessage, MessageKey } from './definitions';

const catalog: Record<string, string> = english;

/** `key`'s English text with `{name}` placeholders filled in (numbers as is, a message param in English). */
export function englishText(key: MessageKey, params?: I18nMessage['params']): string {
  const text = catalog[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'object' ? englishText(value.key, value.params) : String(value);
  });
}

/** A message by key (params left out when there are none): for DTO fields and nested params. */
export function message(key: MessageKey, params?: I18nMessage['params']): I18nMessage {
  return params === undefined ? { key } : { key, params };
}

/**
 * A zod refinement's message: the English text, and the same by key in `params.i18n`, which the resolvers'
 * `invalidInput` sends on (zod keeps `params` on custom issues only; fixed texts of other checks are found by
 * their English text among the `validation.*` keys).
 */
export function said(key: MessageKey, params?: I18nMessage['params']): { message: string; params: { i18n: I18nMessage } } {
  return { message: englishText(key, params), params: { i18n: message(key, params) } };
}

/** The payload schemas' fixed messages (no placeholder) by their English text: `validation.*` and `jira.write.*`. */
const VALIDATION_KEY_OF_TEXT = new Map<string, MessageKey>(
  Object.entries(catalog)
    .filter(([key, text]) => /^(validation|jira\.write)\./.test(key) && !text.includes('{'))
    .map(([key, text]) => [text, key as MessageKey]),
);

/** The key of a payload schema's fixed message, found by its English text (zod keeps no params on most checks). */
export function validationKeyOf(text: string): MessageKey | undefined {
  return VALIDATION_KEY_OF_TEXT.get(text);
}

/** Is `key` one of the catalog's keys (a key built at run time, e.g. from a domain error code)? */
export function isMessageKey(key: string): key is MessageKey {
  return key in catalog;
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
