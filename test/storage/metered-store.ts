/**
 * A store that counts what Forge would bill for each operation: KVS capacity is counted in units of 10 KB per
 * request, rounded up, reads and writes apart (a request of up to 10 KB is 1 unit, 65 KB is 7; a delete is a
 * write of 1; a query page reads the size of what it returns). Limits per installation: 4,000 read and 4,000
 * write units a minute ([KVS limits](https://developer.atlassian.com/platform/forge/limits-kvs-ce)).
 */
import type { KeyValueStore } from '../../src/storage';

export const KVS_UNIT_BYTES = 10 * 1024;
/** What a KVS query page returns at most (our adapter asks for 100). */
const QUERY_PAGE = 100;

export interface KvsUsage {
  readUnits: number;
  writeUnits: number;
  reads: number;
  writes: number;
}

function unitsOf(value: unknown): number {
  const text = value === undefined ? '' : JSON.stringify(value);
  return Math.max(1, Math.ceil(Buffer.byteLength(text, 'utf8') / KVS_UNIT_BYTES));
}

export class MeteredStore implements KeyValueStore {
  usage: KvsUsage = { readUnits: 0, writeUnits: 0, reads: 0, writes: 0 };

  constructor(readonly inner: KeyValueStore) {}

  reset(): KvsUsage {
    const was = this.usage;
    this.usage = { readUnits: 0, writeUnits: 0, reads: 0, writes: 0 };
    return was;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.inner.get<T>(key);
    this.read(unitsOf(value));
    return value;
  }

  async set<T>(key: string, value: T): Promise<void> {
    this.write(unitsOf(value));
    await this.inner.set(key, value);
  }

  async createIfAbsent<T>(key: string, value: T): Promise<boolean> {
    this.write(unitsOf(value));
    return this.inner.createIfAbsent(key, value);
  }

  async delete(key: string): Promise<void> {
    this.write(1);
    await this.inner.delete(key);
  }

  async listByPrefix<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    const entries = await this.inner.listByPrefix<T>(prefix);
    for (let i = 0; i === 0 || i < entries.length; i += QUERY_PAGE) this.read(unitsOf(entries.slice(i, i + QUERY_PAGE)));
    return entries;
  }

  /** Bytes of every value stored under `prefix` (what the installation keeps), keys not counted. */
  async storedBytes(prefix = ''): Promise<number> {
    const entries = await this.inner.listByPrefix<unknown>(prefix);
    return entries.reduce((total, e) => total + Buffer.byteLength(JSON.stringify(e.value), 'utf8'), 0);
  }

  private read(units: number): void {
    this.usage.readUnits += units;
    this.usage.reads += 1;
  }

  private write(units: number): void {
    this.usage.writeUnits += units;
    this.usage.writes += 1;
  }
}
