import { Queue } from '@forge/events';
import { kvs } from '@forge/kvs';
import { forgeRequestJiraAsUser } from '../jira/adapters/forge';
import { AppStore, KvsStore } from '../storage';
import { JobMessage, MemoryBacklogCache, Platform } from './types';

/** The queue the manifest's consumer `long-writes-consumer` listens on. */
export const LONG_WRITES_QUEUE = 'backlog-balance-long-writes';

/**
 * The platform on Forge: Jira as the invoking user (`asUser()`), Forge KVS, and the async-events queue.
 * The queue consumer also calls Jira with `asUser()`, relying on Forge running the consumer in the context
 * of the user whose resolver pushed the event (to verify on a real site: if Forge drops the user there, the
 * jobs fail with a clear Jira 401 rather than acting as the app; they never fall back to `asApp()`).
 */
export function createForgePlatform(): Platform {
  const queue = new Queue({ key: LONG_WRITES_QUEUE });
  return {
    jiraFor: () => forgeRequestJiraAsUser(),
    store: new AppStore(new KvsStore(kvs)),
    queue: {
      async enqueue(message: JobMessage) {
        await queue.push({ body: message });
      },
    },
    backlogCache: sharedCache,
    now: () => new Date(),
    // Forge stops a resolver at 25 s: waits for Jira's Retry-After must end well before, leaving time to answer.
    retry: { maxTotalMs: 15_000 },
    readOnly: false,
    kind: 'forge',
  };
}

// One per function instance: a warm instance refreshes incrementally instead of reloading the backlog.
const sharedCache = new MemoryBacklogCache();
