import type { AppError, I18nMessage } from '../../src/contracts';
import type { Translator } from './format';

/** A backend message in the user's language: its catalog key when it names one, else its English text as sent. */
export function messageText(t: Translator['t'], text: string, i18n?: I18nMessage | null): string {
  return i18n ? localText(t, i18n) : text;
}

/** A message by key in the user's language (`t` translates its message params first). */
export function localText(t: Translator['t'], i18n: I18nMessage): string {
  return t(i18n.key, i18n.params);
}

/** The issues a write did not change, each with its reason in the user's language ("ORION-2: ...; ORION-4: ..."). */
export function failuresText(t: Translator['t'], failed: readonly { key: string; reason: string; i18n?: I18nMessage }[]): string {
  return failed.map((f) => `${f.key}: ${messageText(t, f.reason, f.i18n)}`).join('; ');
}

/** An error's message in the user's language. */
export function errorText(t: Translator['t'], error: AppError): string {
  return messageText(t, error.message, error.i18n);
}
