import { constants as zlibConstants, deflateRaw, inflateRaw } from 'node:zlib';
import { promisify } from 'node:util';
import { jsonRuns } from './json-pieces';
import { KeyValueStore, StorageKeyError } from './port';

const inflate = promisify(inflateRaw);
const deflateAtOnce = promisify(deflateRaw);
const INFLATE_CHUNK_BYTES = 1 << 20;
/** Characters of JSON taken at a time into a segment (a backlog's 10,000 issue ids would be 20,000 pieces). */
const DEFLATE_WRITE_CHARS = 1 << 16;

/**
 * JSON is deflated in segments of up to this many characters (a 10k backlog: six), each one thread-pool job:
 * the caller's compute goes on beside them on the other core, and a 50k backlog's 26 MB of JSON is never one
 * string. Streaming that through one deflate stream instead cost ~400 thread-pool round trips, each deflating
 * after the main thread had produced the run, so the write grew faster than the backlog. 1M rather than 4M
 * characters: the segments in flight (their pieces, joined text, UTF-8 bytes and output) are what the write
 * holds while the cold call derives its answer, ~28 MB of buffers at 50k against ~12 MB (figure 8's peak).
 */
const SEGMENT_CHARS = 1_000_000;
/** Segments deflated at once (their JSON held meanwhile): the thread pool and the cores keep busy, memory stays small. */
const SEGMENT_JOBS = 2;

/** Compressed bytes per chunk: their base64 (4/3 as many characters, plus quotes) stays under KVS's 240 KiB. */
const CHUNK_BYTES = 150_000;
/**
 * zlib level: 3 compresses a loaded backlog about 11 times (a 10,000-issue backlog's 5.4 MB to 0.48 MB) in
 * ~25 ms; 6 gains a fifth more for three times the CPU, which every snapshot write would pay.
 */
const DEFLATE_LEVEL = 3;
/** A generation still pending after this long was left by a write or removal that died: its chunks go. */
const ORPHAN_AFTER_MS = 15 * 60_000;
/** Prefix of the pending-generation records (one per generation being written or removed). */
const PENDING_PREFIX = 'snapgen:';

interface SnapshotHead {
  generation: string;
  chunks: number;
  savedAt: string;
  /** How the chunks hold the value: absent = plain JSON text (snapshots written before compression). */
  encoding?: 'deflate-base64';
  /** A little about the value, readable before its chunks (absent: none given, or written before). */
  meta?: unknown;
}

/** A generation whose chunks are being written or deleted, recorded first so a death half-way leaves a trace. */
interface PendingGeneration {
  scope: string;
  generation: string;
  since: string;
}

/**
 * A large JSON value (a loaded backlog: megabytes for 10,000 issues) stored compressed over a few keys. A
 * write puts all chunks of a new generation first and then moves the head, so a reader sees the old or the
 * new value, never a mix; the previous generation is deleted afterwards. Every generation whose chunks are
 * being written or deleted has a pending record (`snapgen:`) until that is done, so the chunks of a write or
 * removal that died half-way (the head replaced or lost) are found and collected by a later write, without
 * reading any chunk to find them.
 */
export class SnapshotStore {
  /** `segmentChars`: the most JSON deflated in one job (tests lower it to write many segments). */
  constructor(
    private readonly kv: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
    private readonly segmentChars: number = SEGMENT_CHARS,
  ) {}

  /** The value and when it was saved; `generation` names this write (a later write of the scope has another). */
  async read<T>(scope: string, onHead?: (head: { meta: unknown; savedAt: string }) => void): Promise<{ value: T; savedAt: string; generation: string } | undefined> {
    const head = await this.kv.get<SnapshotHead>(`${checkScope(scope)}:head`);
    if (!head) return undefined;
    // Told before the chunks are read and inflated (a 50k backlog: a few hundred ms), so a caller can start work.
    onHead?.({ meta: head.meta, savedAt: head.savedAt });
    const parts: string[] = [];
    for (let i = 0; i < head.chunks; i++) {
      const part = await this.kv.get<string>(chunkKey(scope, head.generation, i));
      if (typeof part !== 'string') return undefined; // overwritten meanwhile, or damaged: the caller loads afresh
      parts.push(part);
    }
    try {
      // Output in 1 MB pieces rather than zlib's 16 KB: a 50k backlog inflates to 26 MB, and 1,600 pieces cost
      // about twice the CPU of 26 (measured: 120-140 ms against 72-77 ms).
      const text =
        head.encoding === 'deflate-base64'
          ? (await inflate(Buffer.concat(parts.map((p) => Buffer.from(p, 'base64'))), { chunkSize: INFLATE_CHUNK_BYTES })).toString('utf8')
          : parts.join('');
      return { value: JSON.parse(text) as T, savedAt: head.savedAt, generation: head.generation };
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
    await this.markPending(scope, head.generation);
    await this.kv.delete(`${scope}:head`);
    await this.deleteGeneration(scope, head.generation, head.chunks);
  }

  /** Writes `value` (and `meta` in the head) as a new generation of the scope; returns that generation (as `read` names it). */
  async write<T>(scope: string, value: T, meta?: unknown): Promise<string> {
    checkScope(scope);
    const generation = `${this.now().getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    await this.markPending(scope, generation);
    let chunks = 0;
    for await (const text of base64Chunks(deflatedSegments(value, this.segmentChars))) await this.kv.set(chunkKey(scope, generation, chunks++), text);
    const previous = await this.kv.get<SnapshotHead>(`${scope}:head`);
    await this.kv.set<SnapshotHead>(`${scope}:head`, {
      generation,
      chunks,
      savedAt: this.now().toISOString(),
      encoding: 'deflate-base64',
      ...(meta === undefined ? {} : { meta }),
    });
    await this.kv.delete(pendingKey(scope, generation));
    if (previous && previous.generation !== generation) {
      await this.markPending(scope, previous.generation);
      await this.deleteGeneration(scope, previous.generation, previous.chunks);
    }
    await this.collectOrphans();
    return generation;
  }

  /**
   * Deletes the chunks of every generation left pending for `ORPHAN_AFTER_MS` by a write or removal that died,
   * unless its scope's head names it (the write got as far as moving the head). Returns the chunks deleted.
   */
  async collectOrphans(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - ORPHAN_AFTER_MS).toISOString();
    let deleted = 0;
    for (const { key, value } of await this.kv.listByPrefix<PendingGeneration>(PENDING_PREFIX)) {
      const pending = value as Partial<PendingGeneration> | null;
      if (typeof pending?.since === 'string' && pending.since > cutoff) continue;
      if (typeof pending?.scope !== 'string' || typeof pending.generation !== 'string' || !SCOPE.test(pending.scope)) {
        await this.kv.delete(key);
        continue;
      }
      const head = await this.kv.get<SnapshotHead>(`${pending.scope}:head`);
      if (head?.generation !== pending.generation) deleted += await this.deleteGeneration(pending.scope, pending.generation);
      else await this.kv.delete(key);
    }
    return deleted;
  }

  private async markPending(scope: string, generation: string): Promise<void> {
    await this.kv.set<PendingGeneration>(pendingKey(scope, generation), { scope, generation, since: this.now().toISOString() });
  }

  /** Deletes a generation's chunks (all `count`, or while they exist when unknown), then its pending record. */
  private async deleteGeneration(scope: string, generation: string, count?: number): Promise<number> {
    let deleted = 0;
    for (let i = 0; count === undefined || i < count; i++) {
      const key = chunkKey(scope, generation, i);
      // Chunks are written in order, so the first one missing ends a generation whose count is unknown.
      if (count === undefined && (await this.kv.get<unknown>(key)) === undefined) break;
      await this.kv.delete(key);
      deleted += 1;
    }
    await this.kv.delete(pendingKey(scope, generation));
    return deleted;
  }
}

/**
 * The value's JSON as one raw deflate stream, produced segment by segment (`segmentChars` characters at most,
 * cut between JSON pieces), each segment deflated as its own thread-pool job, `SEGMENT_JOBS` at a time while
 * the next segment's JSON is produced. Every segment but the last ends in a sync flush (byte-aligned, no final
 * block), so the segments joined are one stream `inflateRaw` reads whole: the stored format is unchanged.
 */
async function* deflatedSegments(value: unknown, segmentChars: number): AsyncGenerator<Buffer> {
  const runs = jsonRuns(value, Math.min(DEFLATE_WRITE_CHARS, segmentChars));
  const inFlight: Promise<Buffer>[] = [];
  let taken: string[] = [];
  let chars = 0;
  for (let run = runs.next(); !run.done; ) {
    taken.push(run.value);
    chars += run.value.length;
    run = runs.next();
    if (chars < segmentChars && !run.done) continue;
    const finishFlush = run.done ? zlibConstants.Z_FINISH : zlibConstants.Z_SYNC_FLUSH;
    const job = deflateAtOnce(Buffer.from(taken.join(''), 'utf8'), { level: DEFLATE_LEVEL, finishFlush });
    // Awaited in order below; a job failing while an earlier one is awaited must not go unobserved meanwhile.
    job.catch(() => undefined);
    inFlight.push(job);
    taken = [];
    chars = 0;
    if (inFlight.length >= SEGMENT_JOBS) yield await (inFlight.shift() as Promise<Buffer>);
  }
  while (inFlight.length > 0) yield await (inFlight.shift() as Promise<Buffer>);
}

/** Deflated bytes regrouped into base64 chunks of `CHUNK_BYTES` bytes (the last one shorter). */
async function* base64Chunks(deflated: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let bytes = 0;
  for await (const piece of deflated) {
    pending.push(piece);
    bytes += piece.length;
    while (bytes >= CHUNK_BYTES) {
      const all = Buffer.concat(pending);
      yield all.subarray(0, CHUNK_BYTES).toString('base64');
      pending = [all.subarray(CHUNK_BYTES)];
      bytes = all.length - CHUNK_BYTES;
    }
  }
  if (bytes > 0) yield Buffer.concat(pending).toString('base64');
}

const SCOPE = /^[A-Za-z0-9:._#-]{1,300}$/;

function chunkKey(scope: string, generation: string, index: number): string {
  return `${scope}:g${generation}:c${String(index).padStart(4, '0')}`;
}

function pendingKey(scope: string, generation: string): string {
  return `${PENDING_PREFIX}${scope}:g${generation}`;
}

function checkScope(scope: string): string {
  if (!SCOPE.test(scope)) throw new StorageKeyError(`Invalid snapshot scope ${JSON.stringify(scope.slice(0, 80))}`);
  return scope;
}
