import type { AppError, ErrorCode } from './definitions';

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
  ) {
    super(message);
  }

  toAppError(): AppError {
    return this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field };
  }
}
