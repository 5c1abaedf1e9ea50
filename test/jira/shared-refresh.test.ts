import type { TeamBacklog } from '../../src/jira';
import { MemoryBacklogCache } from '../../src/platform/types';

/** Only identity matters to the cache: a stand-in backlog tagged by project key. */
const backlog = (tag: string): TeamBacklog => ({ projectKey: tag }) as unknown as TeamBacklog;

function deferred(): { promise: Promise<TeamBacklog>; resolve: (b: TeamBacklog) => void; reject: (e: Error) => void } {
  let resolve: (b: TeamBacklog) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<TeamBacklog>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('MemoryBacklogCache.shareLoad', () => {
  it('runs one load per key while it is running, shares its result and caches it', async () => {
    const cache = new MemoryBacklogCache();
    const pending = deferred();
    let loads = 0;
    const load = () => {
      loads++;
      return pending.promise;
    };
    const first = cache.shareLoad('P|u|1', load);
    const second = cache.shareLoad('P|u|1', load);
    const otherUser = cache.shareLoad('P|v|1', () => Promise.resolve(backlog('other')));
    pending.resolve(backlog('shared'));
    expect(await first).toBe(await second);
    expect(loads).toBe(1);
    expect((await otherUser).projectKey).toBe('other');
    expect(cache.get('P|u|1')?.projectKey).toBe('shared');
    // Once settled, the next read loads again (a refresh), it does not reuse the finished one.
    await cache.shareLoad('P|u|1', load);
    expect(loads).toBe(2);
  });

  it('shares a failure without caching anything, and the next call tries again', async () => {
    const cache = new MemoryBacklogCache();
    const pending = deferred();
    const first = cache.shareLoad('P|u|1', () => pending.promise);
    const second = cache.shareLoad('P|u|1', () => Promise.resolve(backlog('not run')));
    pending.reject(new Error('Jira is unavailable'));
    await expect(first).rejects.toThrow('Jira is unavailable');
    await expect(second).rejects.toThrow('Jira is unavailable');
    expect(cache.get('P|u|1')).toBeUndefined();
    expect((await cache.shareLoad('P|u|1', () => Promise.resolve(backlog('retried')))).projectKey).toBe('retried');
  });

  it('after forget, a read starts its own load and the forgotten load is not cached', async () => {
    const cache = new MemoryBacklogCache();
    const before = deferred();
    const stale = cache.shareLoad('P|u|1', () => before.promise);
    cache.forget('P|');
    const fresh = cache.shareLoad('P|u|1', () => Promise.resolve(backlog('after write')));
    expect((await fresh).projectKey).toBe('after write');
    before.resolve(backlog('before write'));
    expect((await stale).projectKey).toBe('before write');
    expect(cache.get('P|u|1')?.projectKey).toBe('after write');
  });
});

describe('MemoryBacklogCache.recall', () => {
  it('reads once per key within the age given, sharing a read in flight, and again after it', async () => {
    let clock = 0;
    const cache = new MemoryBacklogCache(8, () => clock);
    let reads = 0;
    const read = async () => ++reads;
    expect(await Promise.all([cache.recall('P|u|access', 60_000, read), cache.recall('P|u|access', 60_000, read)])).toEqual([1, 1]);
    clock = 60_000;
    expect(await cache.recall('P|u|access', 60_000, read)).toBe(1);
    expect(await cache.recall('P|v|access', 60_000, read)).toBe(2); // another user asks for themselves
    clock = 60_001;
    expect(await cache.recall('P|u|access', 60_000, read)).toBe(3);
  });

  it('does not remember a failed read, and forget clears what it remembers for the project', async () => {
    const cache = new MemoryBacklogCache();
    await expect(cache.recall('P|u|access', 60_000, () => Promise.reject(new Error('Jira is unavailable')))).rejects.toThrow('Jira is unavailable');
    expect(await cache.recall('P|u|access', 60_000, async () => 'after failure')).toBe('after failure');
    expect(await cache.recall('Q|u|access', 60_000, async () => 'other project')).toBe('other project');
    cache.forget('P|');
    expect(await cache.recall('P|u|access', 60_000, async () => 'after forget')).toBe('after forget');
    expect(await cache.recall('Q|u|access', 60_000, async () => 'not read')).toBe('other project');
  });
});
