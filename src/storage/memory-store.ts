import { assertKey, KeyValueStore, serialiseValue } from './port';

/** An in-process store (tests, and the harness when no folder is wanted). Values are copied in and out. */
export class MemoryStore implements KeyValueStore {
  private readonly entries = new Map<string, string>();

  async get<T>(key: string): Promise<T | undefined> {
    assertKey(key);
    const text = this.entries.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async set<T>(key: string, value: T): Promise<void> {
    assertKey(key);
    this.entries.set(key, serialiseValue(key, value));
  }

  async createIfAbsent<T>(key: string, value: T): Promise<boolean> {
    assertKey(key);
    if (this.entries.has(key)) return false;
    this.entries.set(key, serialiseValue(key, value));
    return true;
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    this.entries.delete(key);
  }

  async listByPrefix<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    return [...this.entries.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .map((key) => ({ key, value: JSON.parse(this.entries.get(key) as string) as T }));
  }
}
