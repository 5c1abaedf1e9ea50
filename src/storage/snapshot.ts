import { jsonChunks } from './json-pieces';
import { KeyValueStore, StorageKeyError } from './port';

/** Characters per chunk: even fully escaped or all 3-byte UTF-8 it stays under KVS's 240 KiB per value. */
const CHUNK_CHARS = 60_000;

interface SnapshotHead {
  generation: string;
  chunks: number;
  savedAt: string;
}

/**
 * A large JSON value (a loaded backlog: megabytes for 10,000 issues) split over many keys. A write puts all
 * chunks of a new generation first and then moves the head, so a reader sees the old or the new value,
 * never a mix; the previous generation is deleted afterwards.
 */
export class SnapshotStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async read<T>(scope: string): Promise<{ value: T; savedAt: string } | undefined> {
    const head = await this.kv.get<SnapshotHead>(`${checkScope(scope)}:head`);
    if (!head) return undefined;
    const parts: string[] = [];
    for (let i = 0; i < head.chunks; i++) {
      const part = await this.kv.get<string>(chunkKey(scope, head.generation, i));
      if (part === undefined) return undefined; // overwritten meanwhile: the caller loads afresh
      parts.push(part);
    }
    try {
      return { value: JSON.parse(parts.join('')) as T, savedAt: head.savedAt };
    } catch {
      // A chunk cut short or damaged: the snapshot is only a cache of Jira, so the caller loads afresh and
      // writes a new one (which deletes these chunks).
      return undefined;
    }
  }

  async exists(scope: string): Promise<boolean> {
    return (await this.kv.get<SnapshotHead>(`${checkScope(scope)}:head`)) !== undefined;
  }

  /** Deletes a snapshot: its head first (readers then see none), then its chunks. */
  async remove(scope: string): Promise<void> {
    const head = await this.kv.get<SnapshotHead>(`${checkScope(scope)}:head`);
    if (!head) return;
    await this.kv.delete(`${scope}:head`);
    for (let i = 0; i < head.chunks; i++) await this.kv.delete(chunkKey(scope, head.generation, i));
  }

  async write<T>(scope: string, value: T): Promise<void> {
    checkScope(scope);
    const generation = `${this.now().getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    let chunks = 0;
    for (const text of jsonChunks(value, CHUNK_CHARS)) await this.kv.set(chunkKey(scope, generation, chunks++), text);
    const previous = await this.kv.get<SnapshotHead>(`${scope}:head`);
    await this.kv.set<SnapshotHead>(`${scope}:head`, { generation, chunks, savedAt: this.now().toISOString() });
    if (previous && previous.generation !== generation) {
      for (let i = 0; i < previous.chunks; i++) await this.kv.delete(chunkKey(scope, previous.generation, i));
    }
  }
}

function chunkKey(scope: string, generation: string, index: number): string {
  return `${scope}:g${generation}:c${String(index).padStart(4, '0')}`;
}

function checkScope(scope: string): string {
  if (!/^[A-Za-z0-9:._#-]{1,300}$/.test(scope)) throw new StorageKeyError(`Invalid snapshot scope ${JSON.stringify(scope.slice(0, 80))}`);
  return scope;
}
