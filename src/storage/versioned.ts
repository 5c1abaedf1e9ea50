import { ref, type MessageRef } from '../domain/errors';
import { KeyValueStore } from './port';
import { readVersionWrapper, type RecordRead } from './records';

/** One saved version of a value. Versions start at 1 and never change once written. */
export interface Versioned<T> {
  version: number;
  value: T;
  savedBy: string;
  savedAt: string;
  /** The schema version of the kind when it was written (absent: written before records carried one). */
  schema?: number;
}

/** How one kind of versioned value is checked when read, and the schema version its saves carry. */
export interface VersionedKind<T> {
  schema: number;
  /** Checks (and where its meaning is clear, repairs) a stored value; absent: taken as stored. */
  read?: (value: unknown) => RecordRead<T>;
  /** What the record is, by catalog key ("The settings of ORION"), for messages in the reader's language. */
  what?: MessageRef;
  /** Runs after each save that won (a saved value that others must learn of, as a project set up). */
  afterSave?: () => Promise<void>;
}

/** The newest version that could be read, and what was wrong with any newer one. */
export interface LatestReadable<T> {
  latest: Versioned<T> | null;
  /** The newest version saved (a save must be based on it), readable or not; 0 when none. */
  newestVersion: number;
  /** Why the newest version could not be read, or null. */
  problem: string | null;
}

/** How far back a read looks for a readable version behind damaged ones. */
const READABLE_LOOKBACK = 10;

/** A save refused because it was based on an older version than the latest one. */
export class StaleVersionError extends Error {
  override readonly name = 'StaleVersionError';
  constructor(
    readonly what: string,
    readonly baseVersion: number,
    readonly currentVersion: number,
    readonly currentSavedBy: string | null,
    /** `what` by catalog key. */
    readonly whatRef?: MessageRef,
  ) {
    super(
      // The author's account id stays in `currentSavedBy`: users are shown names, never ids.
      `${what} was changed by someone else since you opened it ` +
        `(your version ${baseVersion}, now ${currentVersion}): reload to see their change, then save again.`,
    );
  }
}

/** A save attempt that lost the race, kept so the history tells the whole story. */
export interface RejectedSave<T> {
  baseVersion: number;
  currentVersion: number;
  value: T;
  savedBy: string;
  attemptedAt: string;
}

const VERSION_DIGITS = 6;

/** A saved version that cannot be read (and cannot be repaired): a person must save it again. */
export class DamagedVersionError extends Error {
  override readonly name = 'DamagedVersionError';
  constructor(
    message: string,
    readonly version: number,
    /** The message by catalog key. */
    readonly i18n?: MessageRef,
  ) {
    super(message);
  }
}

/**
 * A value whose every save is a new immutable key (`<base>:v000001`, `<base>:v000002`, ...) created with a
 * conditional create. A save names the version it was based on; it can only create the next version, so of
 * two saves based on the same version exactly one wins and the other gets `StaleVersionError`.
 * `<base>:head` is a hint to the latest version (probed forward in case a writer died before moving it).
 */
export class VersionedRecord<T> {
  constructor(
    private readonly store: KeyValueStore,
    private readonly baseKey: string,
    private readonly what: string,
    private readonly kind: VersionedKind<T> = { schema: 1 },
  ) {}

  /** The newest version; DamagedRecordError when it cannot be read (`latestReadable` looks further back). */
  async latest(): Promise<Versioned<T> | null> {
    const newest = await this.newest();
    if (!newest) return null;
    const read = this.readVersion(newest.raw, newest.version);
    if (!read.ok) {
      throw new DamagedVersionError(
        `${this.what} (version ${newest.version}) cannot be read: ${read.problem}.`,
        newest.version,
        ref('error.storage.damagedVersion', { what: this.kind.what ?? this.what, version: newest.version, problem: read.problem }),
      );
    }
    return read.value;
  }

  /** The newest readable version, looking back past damaged ones, with what was wrong with the newest. */
  async latestReadable(): Promise<LatestReadable<T>> {
    const newest = await this.newest();
    if (!newest) return { latest: null, newestVersion: 0, problem: null };
    const first = this.readVersion(newest.raw, newest.version);
    if (first.ok) return { latest: first.value, newestVersion: newest.version, problem: null };
    for (let version = newest.version - 1; version >= Math.max(1, newest.version - READABLE_LOOKBACK); version--) {
      const read = this.readVersion(await this.store.get<unknown>(this.versionKey(version)), version);
      if (read.ok) return { latest: read.value, newestVersion: newest.version, problem: first.problem };
    }
    return { latest: null, newestVersion: newest.version, problem: first.problem };
  }

  /** The newest version by its key, as stored (the head is a hint, probed forward). */
  private async newest(): Promise<{ version: number; raw: unknown } | null> {
    const hint = await this.store.get<unknown>(this.headKey());
    let version = typeof hint === 'number' && Number.isInteger(hint) && hint > 0 ? hint : 0;
    let raw: unknown = version > 0 ? await this.store.get<unknown>(this.versionKey(version)) : undefined;
    if (raw === undefined) version = 0;
    for (;;) {
      const next = await this.store.get<unknown>(this.versionKey(version + 1));
      if (next === undefined) break;
      raw = next;
      version += 1;
    }
    return version > 0 ? { version, raw } : null;
  }

  private readVersion(raw: unknown, version: number): RecordRead<Versioned<T>> {
    const wrapper = readVersionWrapper(raw, version);
    if (!wrapper.ok) return wrapper;
    const value = this.kind.read ? this.kind.read(wrapper.value.value) : { ok: true as const, value: wrapper.value.value as T };
    if (!value.ok) return value;
    const schema = (raw as { schema?: unknown }).schema;
    return { ok: true, value: { ...wrapper.value, value: value.value, ...(typeof schema === 'number' ? { schema } : {}) } };
  }

  /** Saves `value` as version `baseVersion + 1`, or throws StaleVersionError when that is not the next version. */
  async save(value: T, baseVersion: number, savedBy: string, now: Date): Promise<Versioned<T>> {
    // Based on the newest version by key, readable or not: saving over a damaged version is how it is mended.
    const newest = await this.newest();
    const currentVersion = newest?.version ?? 0;
    const record: Versioned<T> = { version: baseVersion + 1, value, savedBy, savedAt: now.toISOString(), schema: this.kind.schema };
    const created = currentVersion === baseVersion && (await this.store.createIfAbsent(this.versionKey(record.version), record));
    if (!created) {
      const winner = currentVersion === baseVersion ? await this.newest() : newest;
      const winnerVersion = winner?.version ?? currentVersion;
      const winnerBy = (winner?.raw as { savedBy?: unknown } | undefined)?.savedBy;
      await this.recordRejected({ baseVersion, currentVersion: winnerVersion, value, savedBy, attemptedAt: record.savedAt });
      throw new StaleVersionError(this.what, baseVersion, winnerVersion, typeof winnerBy === 'string' ? winnerBy : null, this.kind.what);
    }
    await this.store.set(this.headKey(), record.version);
    await this.kind.afterSave?.();
    return record;
  }

  /** Every readable saved version, oldest first (a damaged one is left out). */
  async history(): Promise<Versioned<T>[]> {
    const entries = await this.store.listByPrefix<unknown>(`${this.baseKey}:v`);
    return entries
      .flatMap(({ key, value }) => {
        const read = this.readVersion(value, Number(key.slice(this.baseKey.length + 2)));
        return read.ok ? [read.value] : [];
      })
      .sort((a, b) => a.version - b.version);
  }

  /** Saves that were refused as stale, oldest first. */
  async rejected(): Promise<RejectedSave<T>[]> {
    const entries = await this.store.listByPrefix<RejectedSave<T>>(`${this.baseKey}:rejected:`);
    return entries.map((entry) => entry.value).sort((a, b) => a.attemptedAt.localeCompare(b.attemptedAt));
  }

  private async recordRejected(attempt: RejectedSave<T>): Promise<void> {
    const suffix = `${attempt.attemptedAt.replace(/[^0-9]/g, '')}-${Math.random().toString(36).slice(2, 10)}`;
    await this.store.set(`${this.baseKey}:rejected:${suffix}`, attempt);
  }

  private versionKey(version: number): string {
    return `${this.baseKey}:v${String(version).padStart(VERSION_DIGITS, '0')}`;
  }

  private headKey(): string {
    return `${this.baseKey}:head`;
  }
}
