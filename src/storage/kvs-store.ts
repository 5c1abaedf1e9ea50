import { assertKey, KeyValueStore, serialiseValue } from './port';

/**
 * The subset of `@forge/kvs`'s `kvs` we use, so tests can hand in an in-memory fake with the same
 * behaviour (`test/storage/fake-kvs.ts`) and the adapter never needs the Forge runtime to be tested.
 */
export interface KvsLike {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, options?: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' }): Promise<void>;
  delete(key: string): Promise<void>;
  query(): KvsQueryLike;
}

export interface KvsQueryLike {
  where(property: 'key', condition: { condition: 'BEGINS_WITH'; values: [string] }): KvsQueryLike;
  cursor(cursor: string): KvsQueryLike;
  limit(limit: number): KvsQueryLike;
  getMany<T>(): Promise<{ results: { key: string; value: T }[]; nextCursor?: string }>;
}

/** Forge KVS behind the storage port. Conditional creates use `keyPolicy: 'FAIL_IF_EXISTS'`. */
export class KvsStore implements KeyValueStore {
  constructor(private readonly kvs: KvsLike) {}

  async get<T>(key: string): Promise<T | undefined> {
    assertKey(key);
    return this.kvs.get<T>(key);
  }

  async set<T>(key: string, value: T): Promise<void> {
    assertKey(key);
    serialiseValue(key, value);
    await this.kvs.set(key, value);
  }

  async createIfAbsent<T>(key: string, value: T): Promise<boolean> {
    assertKey(key);
    serialiseValue(key, value);
    try {
      await this.kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' });
      return true;
    } catch (error) {
      if (isKeyConflict(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.kvs.delete(key);
  }

  async listByPrefix<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    const entries: { key: string; value: T }[] = [];
    let cursor: string | undefined;
    do {
      let query = this.kvs.query().where('key', { condition: 'BEGINS_WITH', values: [prefix] }).limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<T>();
      entries.push(...page.results.map(({ key, value }) => ({ key, value })));
      cursor = page.nextCursor;
    } while (cursor);
    return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/**
 * KVS answers a FAIL_IF_EXISTS write on an existing key with HTTP 409 (`ForgeKvsAPIError`, code
 * KEY_CONFLICT); we also accept the code alone in case the status is not carried.
 */
export function isKeyConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, responseDetails } = error as { code?: unknown; responseDetails?: { status?: unknown } };
  return responseDetails?.status === 409 || code === 'KEY_CONFLICT' || code === 'KEY_ALREADY_EXISTS';
}
