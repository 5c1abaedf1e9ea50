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

/** Every rule violation in the domain, with a message a Product Owner can act on. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    // ts-jest compiles to CommonJS/ES2022; keep instanceof reliable across targets.
    Object.setPrototypeOf(this, DomainError.prototype);
  }
}

/** True for a finite number >= 0: callers check this first and build `requireNonNegative`'s message only when it fails. */
export function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Throws a DomainError unless `value` is a finite number >= 0. */
export function requireNonNegative(value: unknown, what: string, code: DomainErrorCode = 'invalidNumber'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError(code, `${what} must be a number, got ${String(value)}`);
  }
  if (value < 0) throw new DomainError(code, `${what} must not be negative, got ${value}`);
  return value;
}

/** Throws a DomainError unless `value` is a finite number. */
export function requireFinite(value: unknown, what: string, code: DomainErrorCode = 'invalidNumber'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError(code, `${what} must be a number, got ${String(value)}`);
  }
  return value;
}
