import type { AppError, ErrorCode, I18nMessage, MessageKey } from './definitions';
import { englishText } from './messages';

/**
 * A failure reported to the UI as is: thrown anywhere below a resolver (use cases, guards), turned into
 * `{ ok: false, error }` by the resolver.
 */
export class AppFailure extends Error {
  override readonly name = 'AppFailure';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly i18n?: I18nMessage,
  ) {
    super(message);
  }

  /** A failure whose message is the catalog's `key`: English in `message` (logs, tests), translated by the UI. */
  static of(code: ErrorCode, key: MessageKey, params?: I18nMessage['params'], field?: string): AppFailure {
    return new AppFailure(code, englishText(key, params), field, params === undefined ? { key } : { key, params });
  }

  toAppError(): AppError {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.i18n === undefined ? {} : { i18n: this.i18n }),
    };
  }
}
