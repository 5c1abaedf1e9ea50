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

export interface KvsRetry {
  /** Waits (tests pass one that does not really wait). */
  sleep: (ms: number) => Promise<void>;
  /** Attempts in all per operation. */
  attempts: number;
  /** The first wait; each next one doubles. */
  firstWaitMs: number;
}

const DEFAULT_KVS_RETRY: KvsRetry = { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), attempts: 5, firstWaitMs: 200 };

/**
 * Forge KVS behind the storage port. Conditional creates use `keyPolicy: 'FAIL_IF_EXISTS'`. KVS answers 429
 * when an installation goes over its rate (write units per minute): every operation is tried again after a
 * doubling wait (0.2 s, 0.4 s, 0.8 s, 1.6 s), then the error comes through.
 */
export class KvsStore implements KeyValueStore {
  private readonly retry: KvsRetry;

  constructor(
    private readonly kvs: KvsLike,
    retry: Partial<KvsRetry> = {},
  ) {
    this.retry = { ...DEFAULT_KVS_RETRY, ...retry };
  }

  async get<T>(key: string): Promise<T | undefined> {
    assertKey(key);
    return this.withRetry(() => this.kvs.get<T>(key));
  }

  async set<T>(key: string, value: T): Promise<void> {
    assertKey(key);
    serialiseValue(key, value);
    await this.withRetry(() => this.kvs.set(key, value));
  }

  async createIfAbsent<T>(key: string, value: T): Promise<boolean> {
    assertKey(key);
    serialiseValue(key, value);
    try {
      // A 429 means KVS did not write it, so trying again cannot create it twice.
      await this.withRetry(() => this.kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' }));
      return true;
    } catch (error) {
      if (isKeyConflict(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.withRetry(() => this.kvs.delete(key));
  }

  private async withRetry<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (!isRateLimited(error) || attempt >= this.retry.attempts) throw error;
        await this.retry.sleep(this.retry.firstWaitMs * 2 ** (attempt - 1));
      }
    }
  }

  async listByPrefix<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    const entries: { key: string; value: T }[] = [];
    let cursor: string | undefined;
    do {
      let query = this.kvs.query().where('key', { condition: 'BEGINS_WITH', values: [prefix] }).limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await this.withRetry(() => query.getMany<T>());
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

/** KVS's answer when the installation is over its rate limit. */
export function isRateLimited(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, responseDetails } = error as { code?: unknown; responseDetails?: { status?: unknown } };
  return responseDetails?.status === 429 || code === 'RATE_LIMIT_EXCEEDED' || code === 'TOO_MANY_REQUESTS';
}
