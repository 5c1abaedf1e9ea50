import path from 'node:path';
import { localRequestJira, type RequestJira, type RetryPolicy } from '../jira';
import { runJob } from '../jobs/run-job';
import { AppStore, FileStore, KeyValueStore, MemoryStore } from '../storage';
import { BacklogCache, JobMessage, MemoryBacklogCache, Platform } from './types';

export interface LocalUser {
  accountId: string;
  email: string;
  apiToken: string;
}

export interface LocalPlatformOptions {
  /** The Jira site (the embedded demo site, or a real Cloud site). */
  baseUrl: string;
  /** Who may be "signed in": each request runs with that user's own credentials, as asUser() does on Forge. */
  users: LocalUser[];
  /** Folder for the file store (default `.local/store` under the working directory); `memory` keeps it in RAM. */
  storeDir?: string | 'memory';
  /** A store to use instead (tests). */
  kv?: KeyValueStore;
  readOnly?: boolean;
  now?: () => Date;
  retry?: Partial<RetryPolicy>;
  /** Wrap each user's port (tests inject faults or watch calls). */
  wrapJira?: (requestJira: RequestJira, accountId: string) => RequestJira;
  backlogCache?: BacklogCache;
}

/** The local platform plus a handle on its in-process queue. */
export interface LocalPlatform extends Platform {
  /** Resolves when every queued job has finished (tests, graceful shutdown). */
  idle(): Promise<void>;
}

/**
 * The platform off Forge: the Jira client's fetch adapter per user, the file store, and an in-process queue
 * that runs jobs in the background (progress is written to the store exactly as on Forge).
 */
export function createLocalPlatform(options: LocalPlatformOptions): LocalPlatform {
  const kv = options.kv ?? (options.storeDir === 'memory' ? new MemoryStore() : new FileStore(options.storeDir ?? path.resolve('.local', 'store')));
  const now = options.now ?? (() => new Date());
  const running = new Set<Promise<void>>();
  const users = new Map(options.users.map((u) => [u.accountId, u]));

  const platform: LocalPlatform = {
    jiraFor(accountId: string): RequestJira {
      const user = users.get(accountId);
      if (!user) throw new Error(`No local credentials for account ${accountId}: sign in as one of the configured users.`);
      const port = localRequestJira({ baseUrl: options.baseUrl, email: user.email, apiToken: user.apiToken });
      return options.wrapJira ? options.wrapJira(port, accountId) : port;
    },
    store: new AppStore(kv, now),
    queue: {
      async enqueue(message: JobMessage) {
        // Like Forge, the job runs after the resolver has answered.
        const job = new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => runJob(platform, message))
          .finally(() => running.delete(job));
        running.add(job);
      },
    },
    backlogCache: options.backlogCache ?? new MemoryBacklogCache(),
    now,
    retry: options.retry,
    readOnly: options.readOnly ?? false,
    kind: 'local',
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
  return platform;
}
