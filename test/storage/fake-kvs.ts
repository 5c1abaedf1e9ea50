import { ForgeKvsAPIError } from '@forge/kvs';
import type { KvsLike, KvsQueryLike } from '../../src/storage';

/**
 * An in-memory stand-in for `@forge/kvs`'s `kvs` with the behaviours our adapter relies on:
 * values copied in and out as JSON, `keyPolicy: 'FAIL_IF_EXISTS'` answered with KVS's 409 KEY_CONFLICT
 * error, and BEGINS_WITH queries paged by an opaque cursor (at most `pageLimit` per page, like KVS's 100).
 */
export class FakeKvs implements KvsLike {
  readonly values = new Map<string, string>();
  queries = 0;

  constructor(private readonly pageLimit = 100) {}

  async get<T>(key: string): Promise<T | undefined> {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async set<T>(key: string, value: T, options?: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' }): Promise<void> {
    // Let other writers interleave, as a remote store would.
    await new Promise((resolve) => setImmediate(resolve));
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && this.values.has(key)) {
      throw new ForgeKvsAPIError({ status: 409, statusText: 'Conflict' }, { code: 'KEY_CONFLICT', message: `Key ${key} already exists` });
    }
    this.values.set(key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  query(): KvsQueryLike {
    const state: { prefix: string; cursor?: string; limit: number } = { prefix: '', limit: 10 };
    const builder: KvsQueryLike = {
      where: (_property, clause) => {
        state.prefix = clause.values[0];
        return builder;
      },
      cursor: (cursor) => {
        state.cursor = cursor;
        return builder;
      },
      limit: (limit) => {
        state.limit = limit;
        return builder;
      },
      getMany: async <T>() => {
        this.queries += 1;
        const keys = [...this.values.keys()].filter((k) => k.startsWith(state.prefix)).sort();
        const start = state.cursor ? Number(Buffer.from(state.cursor, 'base64').toString()) : 0;
        const size = Math.min(state.limit, this.pageLimit);
        const page = keys.slice(start, start + size);
        const next = start + size < keys.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
        return { results: page.map((key) => ({ key, value: JSON.parse(this.values.get(key) as string) as T })), nextCursor: next };
      },
    };
    return builder;
  }
}
