/**
 * The resolver functions themselves, called exactly as Forge calls them (`{ call, context }` plus the
 * runtime's principal), on the local platform the `npm start` harness uses, against the demo site.
 */
import type { TeamBacklog } from '../src/jira';
import type { RequestJira } from '../src/jira';
import { createLocalPlatform, type LocalPlatform } from '../src/platform';
import { MemoryBacklogCache } from '../src/platform/types';
import { createIssuePanelResolver, createPanelResolver } from '../src/resolvers';
import type { Result } from '../src/contracts';
import type { KeyValueStore } from '../src/storage';
import { BENCH_PROJECT } from './site';

export interface ResolverUser {
  accountId: string;
  email: string;
  apiToken: string;
}

/** What the panel invokes when a PO opens it: App (whoAmI), the Balance tab, its allocation editor. */
export const FIRST_PANEL_CALLS = ['whoAmI', 'getBalance', 'getAllocationHistory'] as const;
/**
 * The same calls as the panel sends them (static/panel/src/App.tsx): whoAmI together with the Balance tab's
 * read, then the allocation editor's history once the balance is shown.
 */
export const FIRST_PANEL_WAVES: readonly (readonly (typeof FIRST_PANEL_CALLS)[number][])[] = [['whoAmI', 'getBalance'], ['getAllocationHistory']];
/** The reads that compute (one per tab), in the order a PO walks the tabs. */
export const PANEL_READS = ['getBalance', 'getBacklog', 'getRefinement', 'getFill', 'getHealth'] as const;

/** Remembers the backlog the resolvers last cached, so the benchmark can compare it with a full reload. */
class WatchedBacklogCache extends MemoryBacklogCache {
  last: TeamBacklog | null = null;
  override set(key: string, backlog: TeamBacklog): void {
    this.last = backlog;
    super.set(key, backlog);
  }
}

type PanelHandler = ReturnType<ReturnType<typeof createPanelResolver>['getDefinitions']>;

/** One warm resolver instance: a platform, its cache, and the panel's handler. */
export class PanelInstance {
  readonly platform: LocalPlatform;
  private readonly cache = new WatchedBacklogCache();
  private readonly handler: PanelHandler;
  /** The port every Jira call goes through; swap it to watch a call's traffic. */
  port: RequestJira | null = null;

  /** `storeDir`: a folder for the app's storage; by default it is kept in memory. `kv`: a store to use instead. */
  constructor(
    baseUrl: string,
    private readonly user: ResolverUser,
    storeDir: string | 'memory' = 'memory',
    kv?: KeyValueStore,
  ) {
    this.platform = createLocalPlatform({
      baseUrl,
      users: [user],
      storeDir,
      kv,
      backlogCache: this.cache,
      wrapJira: (inner) => (path, init) => (this.port ?? inner)(path, init),
    });
    this.handler = createPanelResolver(this.platform).getDefinitions();
  }

  /** Invokes one panel function; resolves to the raw `Result` the UI would get (throws on `ok: false`). */
  async call(functionKey: string, payload: unknown = {}): Promise<unknown> {
    const { accountId } = this.user;
    const result = (await this.handler(
      {
        call: { functionKey, payload },
        context: { accountId, localId: 'bench', moduleKey: 'backlog-balance-panel', extension: { type: 'jira:projectPage', project: { key: BENCH_PROJECT, id: '10001', type: 'software' } } },
      },
      { principal: { accountId } },
    )) as Result<unknown>;
    if (!result.ok) throw new Error(`${functionKey} failed: ${result.error.code}: ${result.error.message}`);
    return result;
  }

  /** Sends each wave's calls at once, a wave after the one before has answered. */
  async callWaves(waves: readonly (readonly string[])[]): Promise<void> {
    for (const wave of waves) await Promise.all(wave.map((call) => this.call(call)));
  }

  get backlog(): TeamBacklog {
    if (!this.cache.last) throw new Error('No backlog was loaded yet');
    return this.cache.last;
  }
}

type IssuePanelHandler = ReturnType<ReturnType<typeof createIssuePanelResolver>['getDefinitions']>;

/** The issue panel's resolver on its own (cold) instance, over a given storage folder (where a snapshot may be). */
export class IssuePanelInstance {
  readonly platform: LocalPlatform;
  private readonly handler: IssuePanelHandler;

  constructor(
    baseUrl: string,
    private readonly user: ResolverUser,
    storeDir: string,
  ) {
    this.platform = createLocalPlatform({ baseUrl, users: [user], storeDir, backlogCache: new MemoryBacklogCache() });
    this.handler = createIssuePanelResolver(this.platform).getDefinitions();
  }

  /** Opens the panel of one issue (getIssueInsight, what the issue panel asks); fails if it had to start a load instead. */
  async open(issueKey: string): Promise<void> {
    const { accountId } = this.user;
    for (const functionKey of ['getIssueInsight']) {
      const result = (await this.handler(
        {
          call: { functionKey, payload: {} },
          context: {
            accountId,
            localId: 'bench-issue',
            moduleKey: 'backlog-balance-issue-panel',
            extension: { type: 'jira:issuePanel', project: { key: BENCH_PROJECT, id: '10001', type: 'software' }, issue: { key: issueKey, id: '1' } },
          },
        },
        { principal: { accountId } },
      )) as Result<unknown>;
      if (!result.ok) throw new Error(`${functionKey} failed: ${result.error.code}: ${result.error.message}`);
      if (typeof result.data === 'object' && result.data !== null && 'loading' in result.data) throw new Error(`${functionKey} started a load: no snapshot was found`);
    }
  }
}
