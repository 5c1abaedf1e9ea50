import type { JobKind } from '../contracts';
import type { RequestJira, RequestLimiters, RetryPolicy, TeamBacklog } from '../jira';
import type { AppStore } from '../storage';

/**
 * What the resolver factories and the queue consumer are built on: one per function instance, serving every
 * installation (site) Forge sends to that instance. It holds no site's data itself; each call asks for its
 * installation's `Platform`, so nothing a call reads or remembers can reach another site.
 */
export interface Host {
  /**
   * The platform of one installation, from Forge's `installContext` (`ari:cloud:jira::site/<cloudId>`).
   * Forge always names it; throws `UnknownInstallationError` when it is missing or not served here.
   */
  forSite(installContext: string | undefined): Platform;
}

/** A call that names no installation, or one this host does not serve: no data may be guessed for it. */
export class UnknownInstallationError extends Error {
  override readonly name = 'UnknownInstallationError';
}

/**
 * Everything the resolvers and jobs need from the outside world for one installation, so the very same
 * handlers run on Forge (`createForgeHost`) and locally (`createLocalPlatform`: the `npm start` harness and
 * the tests). Its caches and store hold that site's data only.
 */
export interface Platform {
  /** The installation served: Forge's `installContext`. */
  site: string;
  /** Jira as the user asking: `asUser()` on Forge, that user's API token locally. */
  jiraFor(accountId: string): RequestJira;
  /**
   * Jira as `accountId` where that user did not invoke the function (the queue consumer runs after the
   * resolver answered, with no user in its context): `asUser(accountId)` impersonation on Forge.
   */
  jiraImpersonating(accountId: string): RequestJira;
  /**
   * Jira as the app itself (Forge's `asApp()`), for the one thing only the app may do: set the values of its own
   * fields (WSJF, Readiness). It never reads: what the app publishes is computed from a user's read. Null where
   * the app has no identity of its own (locally against a real site).
   */
  jiraAsApp: (() => RequestJira) | null;
  /**
   * Per user, the one cap on requests in flight that all of that user's Jira calls on this site share, across
   * the calls this instance runs at once (see jira/limiter.ts). Absent: each client is on its own.
   */
  jiraLimits?: RequestLimiters;
  store: AppStore;
  queue: JobQueue;
  /** Runs the sync of a project's published field values in the background (see usecases/published-fields.ts). */
  fieldSyncQueue: FieldSyncQueue;
  /** Loaded backlogs per user and project, for cheap incremental refreshes; may forget anything anytime. */
  backlogCache: BacklogCache;
  now(): Date;
  /** Retry settings for Jira calls (tests shorten the waits; Forge keeps resolvers within 25 s). */
  retry?: Partial<RetryPolicy>;
  /**
   * Retry settings of the long writes: the consumer may run for `jobTimeLimitMs`, so it waits out a
   * `Retry-After` a resolver could not (default: `retry`).
   */
  jobRetry?: Partial<RetryPolicy>;
  /** How long one job may run (Forge stops the consumer at 900 s); no new step starts that could not finish in it. */
  jobTimeLimitMs?: number;
  /** When true every write is refused (the harness against a real site without --allow-writes). */
  readOnly: boolean;
  /** Where the app runs, for messages. */
  kind: 'forge' | 'local';
}

/**
 * A long write handed to the queue; the consumer runs `runJob(platform, message)`. The job's input lives in
 * its stored record (written by the resolver after its checks), never in the queue message.
 */
export interface JobMessage {
  [key: string]: string;
  jobId: string;
  kind: JobKind;
  projectKey: string;
  accountId: string;
}

export interface JobQueue {
  enqueue(message: JobMessage): Promise<void>;
}

/** The queue of field syncs: one event per project, run after `delaySeconds` (edits arriving meanwhile join it). */
export interface FieldSyncQueue {
  enqueue(projectKey: string, delaySeconds: number): Promise<void>;
}

export interface BacklogCache {
  get(key: string): TeamBacklog | undefined;
  set(key: string, backlog: TeamBacklog): void;
  /** Forget every entry whose key starts with `prefix` (after a write, so the next read reloads). */
  forget(prefix: string): void;
  /**
   * Runs `load` for `key` unless a load for that key is already running, in which case its result (or
   * error) is shared: the panel's reads ask for the same backlog at once, and one refresh serves them all.
   * The result is cached under `key`. `forget` detaches running loads of the keys it forgets: a read after
   * a write never joins a refresh that began before it, and that refresh's result is not cached.
   */
  shareLoad(key: string, load: () => Promise<TeamBacklog>): Promise<TeamBacklog>;
  /**
   * A small fact about one user (their `/myself`, their read access to a project) remembered for at most
   * `maxAgeMs` on this instance, so the panel's first calls do not each ask Jira again; a failed read is
   * not remembered. Keys start like the backlog's (`project|account|...`) so `forget` clears them too.
   */
  recall<T>(key: string, maxAgeMs: number, read: () => Promise<T>): Promise<T>;
}

/** A small in-memory LRU: on Forge it lives as long as the warm function instance, locally as the process. */
export class MemoryBacklogCache implements BacklogCache {
  private readonly entries = new Map<string, TeamBacklog>();
  private readonly loading = new Map<string, Promise<TeamBacklog>>();
  private readonly facts = new Map<string, { until: number; value: Promise<unknown> }>();
  constructor(
    private readonly capacity = 8,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string): TeamBacklog | undefined {
    const value = this.entries.get(key);
    if (value) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, backlog: TeamBacklog): void {
    this.entries.delete(key);
    this.entries.set(key, backlog);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  forget(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
    for (const key of [...this.loading.keys()]) if (key.startsWith(prefix)) this.loading.delete(key);
    for (const key of [...this.facts.keys()]) if (key.startsWith(prefix)) this.facts.delete(key);
  }

  recall<T>(key: string, maxAgeMs: number, read: () => Promise<T>): Promise<T> {
    const now = this.clock();
    for (const [k, fact] of this.facts) if (fact.until < now) this.facts.delete(k);
    const known = this.facts.get(key);
    if (known) return known.value as Promise<T>;
    const value = read();
    const entry = { until: now + maxAgeMs, value };
    this.facts.set(key, entry);
    value.catch(() => {
      if (this.facts.get(key) === entry) this.facts.delete(key);
    });
    return value;
  }

  shareLoad(key: string, load: () => Promise<TeamBacklog>): Promise<TeamBacklog> {
    const running = this.loading.get(key);
    if (running) return running;
    const started = load().then(
      (backlog) => {
        if (this.loading.get(key) === started) {
          this.loading.delete(key);
          this.set(key, backlog);
        }
        return backlog;
      },
      (error: unknown) => {
        if (this.loading.get(key) === started) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, started);
    return started;
  }
}

/**
 * One installation's view of a cache shared by every installation on the instance: every key is prefixed with
 * the site, so two sites with the same project key and account id never meet, and `forget('')` forgets only
 * this site's entries. The shared cache keeps its one LRU bound across sites (memory is per instance).
 */
export function siteCache(shared: BacklogCache, site: string): BacklogCache {
  const scoped = (key: string) => `${site}#${key}`;
  return {
    get: (key) => shared.get(scoped(key)),
    set: (key, backlog) => shared.set(scoped(key), backlog),
    forget: (prefix) => shared.forget(scoped(prefix)),
    shareLoad: (key, load) => shared.shareLoad(scoped(key), load),
    recall: (key, maxAgeMs, read) => shared.recall(scoped(key), maxAgeMs, read),
  };
}
