/**
 * The storage port: a small key-value API that Forge KVS and the local file store both implement.
 * Everything above it (versioned values, settings, allocations, jobs, tokens) is written once against it.
 *
 * Keys use only `[A-Za-z0-9:._#-]` (a subset of what Forge KVS accepts) and are at most 400 characters;
 * values are JSON and at most `MAX_VALUE_BYTES` once serialised (Forge KVS's per-value limit).
 */

export const MAX_VALUE_BYTES = 240 * 1024;
export const KEY_PATTERN = /^[A-Za-z0-9:._#-]{1,400}$/;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Writes unconditionally. */
  set<T>(key: string, value: T): Promise<void>;
  /** Writes only when the key does not exist yet; false when it did (nothing written). Atomic. */
  createIfAbsent<T>(key: string, value: T): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** All entries whose key starts with `prefix`, in key order. */
  listByPrefix<T>(prefix: string): Promise<{ key: string; value: T }[]>;
}

/** A programming error in how we build keys or values, not something a user can fix. */
export class StorageKeyError extends Error {
  override readonly name = 'StorageKeyError';
}

/** A value too large for one key: split it (Forge KVS caps values at 240 KiB). */
export class StorageValueTooLargeError extends Error {
  override readonly name = 'StorageValueTooLargeError';
  constructor(readonly key: string, readonly bytes: number) {
    super(`The value for ${key} is ${bytes} bytes; storage keeps at most ${MAX_VALUE_BYTES} bytes per value.`);
  }
}

export function assertKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new StorageKeyError(`Invalid storage key: ${JSON.stringify(key.slice(0, 80))}`);
}

export function serialiseValue(key: string, value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new StorageKeyError(`Value for ${key} is not JSON-serialisable`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_VALUE_BYTES) throw new StorageValueTooLargeError(key, bytes);
  return text;
}
