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
