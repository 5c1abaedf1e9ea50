import path from 'node:path';
import { localRequestJira, RequestLimiters, type RequestJira, type RetryPolicy } from '../jira';
import type { PoolLimits } from '../jira/pool';
import { runJob } from '../jobs/run-job';
import { runFieldSync } from '../jobs/field-sync';
import { AppStore, FileStore, KeyValueStore, MemoryStore } from '../storage';
import { BacklogCache, Host, JobMessage, MemoryBacklogCache, Platform, siteCache, UnknownInstallationError } from './types';

export interface LocalUser {
  accountId: string;
  email: string;
  apiToken: string;
}

export interface LocalPlatformOptions {
  /** The Jira site (the embedded demo site, or a real Cloud site). */
  baseUrl: string;
  /**
   * The site's cloud id, as Forge names the installation (`ari:cloud:jira::site/<cloudId>`); default: the
   * site's host name, so two sites never share a store folder or cache entries.
   */
  cloudId?: string;
  /** Who may be "signed in": each request runs with that user's own credentials, as asUser() does on Forge. */
  users: LocalUser[];
  /**
   * Folder for the file store (default `.local/store` under the working directory); each site keeps its data
   * in its own sub-folder, as Forge keeps KVS per installation. `memory` keeps it in RAM.
   */
  storeDir?: string | 'memory';
  /** A store to use instead (tests). */
  kv?: KeyValueStore;
  readOnly?: boolean;
  now?: () => Date;
  retry?: Partial<RetryPolicy>;
  /** Retry settings of the long writes (default: `retry`). */
  jobRetry?: Partial<RetryPolicy>;
  jobTimeLimitMs?: number;
  /** Each user's cap on requests in flight (see jira/limiter.ts; default `DEFAULT_LIMITER_LIMITS`). */
  requestLimits?: PoolLimits;
  /** Wrap each user's port, and the app's as account `app` (tests inject faults or watch calls). */
  wrapJira?: (requestJira: RequestJira, accountId: string) => RequestJira;
  /**
   * The app's own credentials on the site (the demo site's app identity), for what Forge's `asApp()` does: set
   * the app's WSJF and Readiness fields. Absent (a real site): the fields are not written, and Settings says why.
   */
  app?: { email: string; apiToken: string };
  /** Wait before a field sync runs, per the delay asked (default: as asked; tests run them at once). */
  fieldSyncDelayMs?: (delaySeconds: number) => number;
  /** A cache shared with other sites' platforms (as on one Forge instance); this site sees its own partition. */
  backlogCache?: BacklogCache;
}

/**
 * The local platform plus a handle on its in-process queue. It is also the host of its one site, so the
 * resolver factories take it directly; `localSites` serves several.
 */
export interface LocalPlatform extends Platform, Host {
  /** Resolves when every queued job has finished (tests, graceful shutdown). */
  idle(): Promise<void>;
}

/**
 * The platform off Forge: the Jira client's fetch adapter per user, the file store, and an in-process queue
 * that runs jobs in the background (progress is written to the store exactly as on Forge).
 */
export function createLocalPlatform(options: LocalPlatformOptions): LocalPlatform {
  const cloudId = options.cloudId ?? cloudIdOf(options.baseUrl);
  const site = `ari:cloud:jira::site/${cloudId}`;
  const kv = options.kv ?? (options.storeDir === 'memory' ? new MemoryStore() : new FileStore(path.join(options.storeDir ?? path.resolve('.local', 'store'), cloudId)));
  const now = options.now ?? (() => new Date());
  const running = new Set<Promise<void>>();
  const users = new Map(options.users.map((u) => [u.accountId, u]));

  const platform: LocalPlatform = {
    site,
    forSite(installContext: string | undefined): Platform {
      // Callers that name no installation (tests, scripts) mean the one site this platform serves.
      if (installContext === undefined || installContext === site) return platform;
      throw new UnknownInstallationError(`This local run serves ${site}, not ${installContext}.`);
    },
    jiraFor(accountId: string): RequestJira {
      const user = users.get(accountId);
      if (!user) throw new Error(`No local credentials for account ${accountId}: sign in as one of the configured users.`);
      const port = localRequestJira({ baseUrl: options.baseUrl, email: user.email, apiToken: user.apiToken });
      return options.wrapJira ? options.wrapJira(port, accountId) : port;
    },
    // Locally every user's own API token is at hand: the job runs with the confirming user's.
    jiraImpersonating(accountId: string): RequestJira {
      return platform.jiraFor(accountId);
    },
    jiraAsApp: options.app
      ? () => {
          const port = localRequestJira({ baseUrl: options.baseUrl, email: options.app?.email ?? '', apiToken: options.app?.apiToken ?? '' });
          return options.wrapJira ? options.wrapJira(port, 'app') : port;
        }
      : null,
    jiraLimits: new RequestLimiters(options.requestLimits),
    store: new AppStore(kv, now),
    fieldSyncQueue: {
      async enqueue(projectKey: string, delaySeconds: number) {
        const wait = options.fieldSyncDelayMs ? options.fieldSyncDelayMs(delaySeconds) : delaySeconds * 1000;
        const job = new Promise<void>((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)))
          .then(() => runFieldSync(platform, projectKey))
          .then(() => undefined)
          .finally(() => running.delete(job));
        running.add(job);
      },
    },
    queue: {
      async enqueue(message: JobMessage) {
        // Like Forge, the job runs after the resolver has answered.
        const job = new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => runJob(platform, message))
          .finally(() => running.delete(job));
        running.add(job);
      },
    },
    backlogCache: options.backlogCache ? siteCache(options.backlogCache, site) : new MemoryBacklogCache(),
    now,
    retry: options.retry,
    jobRetry: options.jobRetry,
    jobTimeLimitMs: options.jobTimeLimitMs,
    readOnly: options.readOnly ?? false,
    kind: 'local',
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
  return platform;
}

/** A host for several local sites at once, as one Forge instance serves several installations. */
export function localSites(platforms: readonly LocalPlatform[]): Host {
  return {
    forSite(installContext: string | undefined): Platform {
      const platform = platforms.find((p) => p.site === installContext);
      if (!platform) throw new UnknownInstallationError(`No local site ${String(installContext)}: serving ${platforms.map((p) => p.site).join(', ')}.`);
      return platform;
    },
  };
}

/** A file-name-safe cloud id for a local site from its URL's host (and port). */
function cloudIdOf(baseUrl: string): string {
  let host: string;
  try {
    host = new URL(baseUrl).host;
  } catch {
    host = baseUrl;
  }
  return host.toLowerCase().replace(/[^a-z0-9.-]+/g, '-') || 'local';
}
