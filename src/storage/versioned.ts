import { KeyValueStore } from './port';

/** One saved version of a value. Versions start at 1 and never change once written. */
export interface Versioned<T> {
  version: number;
  value: T;
  savedBy: string;
  savedAt: string;
}

/** A save refused because it was based on an older version than the latest one. */
export class StaleVersionError extends Error {
  override readonly name = 'StaleVersionError';
  constructor(
    readonly what: string,
    readonly baseVersion: number,
    readonly currentVersion: number,
    readonly currentSavedBy: string | null,
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
  ) {}

  async latest(): Promise<Versioned<T> | null> {
    let version = (await this.store.get<number>(this.headKey())) ?? 0;
    let current: Versioned<T> | undefined = version > 0 ? await this.store.get<Versioned<T>>(this.versionKey(version)) : undefined;
    for (;;) {
      const next = await this.store.get<Versioned<T>>(this.versionKey(version + 1));
      if (!next) break;
      current = next;
      version += 1;
    }
    return current ?? null;
  }

  /** Saves `value` as version `baseVersion + 1`, or throws StaleVersionError when that is not the next version. */
  async save(value: T, baseVersion: number, savedBy: string, now: Date): Promise<Versioned<T>> {
    const current = await this.latest();
    const currentVersion = current?.version ?? 0;
    const record: Versioned<T> = { version: baseVersion + 1, value, savedBy, savedAt: now.toISOString() };
    const created = currentVersion === baseVersion && (await this.store.createIfAbsent(this.versionKey(record.version), record));
    if (!created) {
      const winner = currentVersion === baseVersion ? await this.latest() : current;
      const winnerVersion = winner?.version ?? currentVersion;
      await this.recordRejected({ baseVersion, currentVersion: winnerVersion, value, savedBy, attemptedAt: record.savedAt });
      throw new StaleVersionError(this.what, baseVersion, winnerVersion, winner?.savedBy ?? null);
    }
    await this.store.set(this.headKey(), record.version);
    return record;
  }

  /** Every saved version, oldest first. */
  async history(): Promise<Versioned<T>[]> {
    const entries = await this.store.listByPrefix<Versioned<T>>(`${this.baseKey}:v`);
    return entries.map((entry) => entry.value).sort((a, b) => a.version - b.version);
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
