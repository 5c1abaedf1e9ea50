/** Stable codes so callers (resolvers, UI) can react to a rule violation without parsing messages. */
export type DomainErrorCode =
  | 'invalidNumber'
  | 'invalidJobSize'
  | 'invalidAllocation'
  | 'invalidCapacity'
  | 'duplicateKey'
  | 'unknownWorkType'
  | 'invalidRequest'
  | 'invalidConfig'
  | 'invalidSplit'
  | 'invalidDate';

/**
 * A message of the translation catalogs (locales/) by key, with its params (a param may be a message too): what
 * the UI shows in the reader's language. The domain and the Jira client name keys without importing the
 * catalog; `test/i18n/error-keys.test.ts` holds every key they name to the catalog.
 */
export interface MessageRef {
  key: string;
  params?: Record<string, string | number | MessageRef>;
}

/** A message by catalog key (see MessageRef). */
export function ref(key: string, params?: MessageRef['params']): MessageRef {
  return params === undefined ? { key } : { key, params };
}

/** Every rule violation in the domain, with a message a Product Owner can act on (English, and by key). */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** The same message by catalog key (`domain.invariant.*` for an internal invariant a UI cannot cause; sent framed by `error.domain.*`). */
  readonly i18n: MessageRef | undefined;

  constructor(code: DomainErrorCode, message: string, i18n?: MessageRef) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.i18n = i18n;
    // ts-jest compiles to CommonJS/ES2022; keep instanceof reliable across targets.
    Object.setPrototypeOf(this, DomainError.prototype);
  }
}

/** True for a finite number >= 0: callers check this first and build `requireNonNegative`'s message only when it fails. */
export function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Throws a DomainError unless `value` is a finite number >= 0; `whatRef` names `what` by catalog key. */
export function requireNonNegative(value: unknown, what: string, code: DomainErrorCode = 'invalidNumber', whatRef?: MessageRef): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError(code, `${what} must be a number, got ${String(value)}`, ref('error.domain.notANumber', { what: whatRef ?? what, value: String(value) }));
  }
  if (value < 0) throw new DomainError(code, `${what} must not be negative, got ${value}`, ref('error.domain.negative', { what: whatRef ?? what, value }));
  return value;
}

/** Throws a DomainError unless `value` is a finite number; `whatRef` names `what` by catalog key. */
export function requireFinite(value: unknown, what: string, code: DomainErrorCode = 'invalidNumber', whatRef?: MessageRef): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError(code, `${what} must be a number, got ${String(value)}`, ref('error.domain.notANumber', { what: whatRef ?? what, value: String(value) }));
  }
  return value;
}
