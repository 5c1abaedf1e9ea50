import { Queue } from '@forge/events';
import { kvs } from '@forge/kvs';
import { forgeRequestJiraAsUser } from '../jira/adapters/forge';
import { AppStore, KvsStore } from '../storage';
import { Host, JobMessage, MemoryBacklogCache, Platform, siteCache, UnknownInstallationError } from './types';

/** The queue the manifest's consumer `long-writes-consumer` listens on. */
export const LONG_WRITES_QUEUE = 'backlog-balance-long-writes';

/**
 * The host on Forge: one per function instance, which Forge reuses for calls from many installations.
 * Per installation: Jira as the invoking user (`asUser()`, which Forge sends to the invoking site), Forge KVS
 * (Forge keeps it per installation), the async-events queue (consumed in the same installation) and this
 * instance's cache of loaded backlogs, partitioned by `installContext`.
 * The queue consumer also calls Jira with `asUser()`, relying on Forge running the consumer in the context
 * of the user whose resolver pushed the event (to verify on a real site: if Forge drops the user there, the
 * jobs fail with a clear Jira 401 rather than acting as the app; they never fall back to `asApp()`).
 */
export function createForgeHost(): Host {
  const queue = new Queue({ key: LONG_WRITES_QUEUE });
  const store = new AppStore(new KvsStore(kvs));
  return {
    forSite(installContext: string | undefined): Platform {
      if (typeof installContext !== 'string' || installContext === '') {
        throw new UnknownInstallationError('Forge did not say which site (installation) this call is for, so no data can be chosen for it. Reload the page.');
      }
      return {
        site: installContext,
        jiraFor: () => forgeRequestJiraAsUser(),
        store,
        queue: {
          async enqueue(message: JobMessage) {
            await queue.push({ body: message });
          },
        },
        backlogCache: siteCache(sharedCache, installContext),
        now: () => new Date(),
        // Forge stops a resolver at 25 s: waits for Jira's Retry-After must end well before, leaving time to answer.
        retry: { maxTotalMs: 15_000 },
        readOnly: false,
        kind: 'forge',
      };
    },
  };
}

// One per function instance, shared by every installation it serves (each sees only its own partition): a
// warm instance refreshes incrementally instead of reloading the backlog.
const sharedCache = new MemoryBacklogCache();
