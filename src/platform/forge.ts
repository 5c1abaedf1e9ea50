import { Queue } from '@forge/events';
import { kvs } from '@forge/kvs';
import { forgeRequestJiraAsApp, forgeRequestJiraAsUser, forgeRequestJiraImpersonating } from '../jira/adapters/forge';
import { RequestLimiters, type RetryPolicy } from '../jira';
import { AppStore, KvsStore } from '../storage';
import { Host, JobMessage, MemoryBacklogCache, Platform, siteCache, UnknownInstallationError } from './types';

/** The queue the manifest's consumer `long-writes-consumer` listens on. */
export const LONG_WRITES_QUEUE = 'backlog-balance-long-writes';
/** The queue the manifest's consumer `field-sync-consumer` listens on. */
export const FIELD_SYNC_QUEUE = 'backlog-balance-field-sync';
/** Forge runs a queue event at most 900 s after its push. */
const MAX_QUEUE_DELAY_S = 900;

/**
 * The host on Forge: one per function instance, which Forge reuses for calls from many installations.
 * Per installation: Jira as the invoking user (`asUser()`, which Forge sends to the invoking site), Forge KVS
 * (Forge keeps it per installation), the async-events queue (consumed in the same installation) and this
 * instance's cache of loaded backlogs, partitioned by `installContext`.
 * The queue consumer runs with no user in its context (Forge does not document carrying the pushing user
 * there), so it calls Jira as the account that confirmed the job by impersonation, `asUser(accountId)`, which
 * the manifest allows per scope (`allowImpersonation`); it never falls back to `asApp()`.
 */
export function createForgeHost(options: ForgeHostOptions = {}): Host {
  const queue = new Queue({ key: LONG_WRITES_QUEUE });
  const fieldSyncQueue = new Queue({ key: FIELD_SYNC_QUEUE });
  const store = new AppStore(new KvsStore(kvs));
  return {
    forSite(installContext: string | undefined): Platform {
      if (typeof installContext !== 'string' || installContext === '') {
        throw new UnknownInstallationError('Forge did not say which site (installation) this call is for, so no data can be chosen for it. Reload the page.');
      }
      return {
        site: installContext,
        jiraFor: () => forgeRequestJiraAsUser(),
        jiraImpersonating: (accountId) => forgeRequestJiraImpersonating(accountId),
        jiraAsApp: () => forgeRequestJiraAsApp(),
        jiraLimits: limitsOf(installContext),
        store,
        queue: {
          async enqueue(message: JobMessage) {
            // The consumer reads its installation from Forge's context; the message names it too, in case not.
            await queue.push({ body: { ...message, installContext } });
          },
        },
        fieldSyncQueue: {
          async enqueue(projectKey: string, delaySeconds: number) {
            // One sync per project at a time (Forge's per-key concurrency); a later one finds only what is left.
            await fieldSyncQueue.push({
              body: { projectKey, installContext },
              delayInSeconds: Math.max(0, Math.min(MAX_QUEUE_DELAY_S, Math.round(delaySeconds))),
              concurrency: { key: `field-sync-${projectKey}`, limit: 1 },
            });
          },
        },
        backlogCache: siteCache(sharedCache, installContext),
        now: () => new Date(),
        // Forge stops a resolver at 25 s: waits for Jira's Retry-After must end well before, leaving time to answer.
        retry: { maxTotalMs: 15_000, ...options.sleepOverride },
        // The consumer has 900 s: it waits out Jira's Retry-After up to 5 minutes per request, and starts no
        // step that could not finish before Forge stops it.
        jobRetry: { maxTotalMs: 300_000, maxAttempts: 10, maxDelayMs: 60_000, ...options.sleepOverride },
        jobTimeLimitMs: 900_000,
        readOnly: false,
        kind: 'forge',
      };
    },
  };
}

export interface ForgeHostOptions {
  /** Tests replace the waits between retries (and the clock they are measured on). */
  sleepOverride?: Partial<Pick<RetryPolicy, 'sleep' | 'now'>>;
}

// One per function instance, shared by every installation it serves (each sees only its own partition): a
// warm instance refreshes incrementally instead of reloading the backlog.
const sharedCache = new MemoryBacklogCache();

// Per installation, its users' caps on requests in flight: the calls this instance runs for one user at once
// share one (Jira throttles per user), and what one call learned of Jira's limit the next one starts from.
const limits = new Map<string, RequestLimiters>();
const LIMITS_SWEEP_MS = 60 * 1000;

let limitsSweptAt = Date.now();

function limitsOf(installContext: string): RequestLimiters {
  // An instance serving many sites forgets the sites whose users' limiters have all gone idle.
  if (Date.now() - limitsSweptAt >= LIMITS_SWEEP_MS) {
    limitsSweptAt = Date.now();
    for (const [site, users] of limits) if (site !== installContext && users.forgetIdle(true) === 0) limits.delete(site);
  }
  let site = limits.get(installContext);
  if (!site) {
    site = new RequestLimiters();
    limits.set(installContext, site);
  }
  return site;
}
