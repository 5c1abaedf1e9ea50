/**
 * Guarantee: storage trouble never fails a read Jira answered, and storage does not only grow. A KVS 429 is
 * retried with back-off; a snapshot that cannot be written is skipped (the answer still comes); a damaged
 * snapshot (a chunk missing or cut short) is discarded and rebuilt by itself; a settings change deletes the
 * snapshots of the old version; expired preview tokens are removed.
 */

import { ForgeKvsAPIError } from '@forge/kvs';
import type { BacklogDto, TrimPreviewDto } from '../../src/contracts';
import { KvsStore, MemoryStore, type KeyValueStore } from '../../src/storage';
import { FakeKvs } from '../storage/fake-kvs';
import { APP_NOW, ok, startApp } from './app';
import { Tally } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('storage-health'));

/** A store whose writes to keys matching `failing` throw, as a full or throttled KVS would. */
function failingWrites(inner: KeyValueStore, failing: () => RegExp | null): KeyValueStore {
  const check = (key: string) => {
    const pattern = failing();
    if (pattern?.test(key)) throw new ForgeKvsAPIError({ status: 429, statusText: 'Too Many Requests' }, { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests' });
  };
  return {
    get: (key) => inner.get(key),
    set: async (key, value) => (check(key), inner.set(key, value)),
    createIfAbsent: async (key, value) => (check(key), inner.createIfAbsent(key, value)),
    delete: (key) => inner.delete(key),
    listByPrefix: (prefix) => inner.listByPrefix(prefix),
  };
}

describe('Forge KVS answering 429', () => {
  it('a get, set and query throttled twice succeed after backing off', async () => {
    const fake = new FakeKvs();
    let throttle = 0;
    const throttled = <T>(op: () => Promise<T>) => async () => {
      if (throttle > 0) {
        throttle -= 1;
        throw new ForgeKvsAPIError({ status: 429, statusText: 'Too Many Requests' }, { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests' });
      }
      return op();
    };
    const kvs = {
      get: <T>(key: string) => throttled(() => fake.get<T>(key))(),
      set: <T>(key: string, value: T, options?: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' }) => throttled(() => fake.set(key, value, options))(),
      delete: (key: string) => throttled(() => fake.delete(key))(),
      query: () => fake.query(),
    };
    const slept: number[] = [];
    const store = new KvsStore(kvs, { sleep: async (ms) => void slept.push(ms) });
    throttle = 2;
    await store.set('a:1', { n: 1 });
    throttle = 2;
    expect(await store.get('a:1')).toEqual({ n: 1 });
    throttle = 2;
    expect(await store.createIfAbsent('a:2', 2)).toBe(true);
    expect(slept).toHaveLength(6);
    expect(slept[1] as number).toBeGreaterThan(slept[0] as number);
    // Still throttled after the last attempt: the error comes through (never a silent miss).
    throttle = 100;
    await expect(store.get('a:1')).rejects.toThrow(/Too many requests/);
    tally.add('kvs429Retried', 6);
  });
});

describe('snapshots through the resolvers', () => {
  it('a snapshot write that fails does not fail the read', async () => {
    let failing: RegExp | null = /:snap:/;
    const app = await startApp({ site: { scale: 300 }, platform: { kv: failingWrites(new MemoryStore(), () => failing) } });
    try {
      const backlog = await app.call<BacklogDto>('panel', app.site.po, 'getBacklog', {});
      expect(backlog.ok).toBe(true);
      failing = null;
      tally.add('snapshotWriteFailuresAnswered');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('a damaged snapshot (a chunk cut short, or missing) is discarded and rebuilt', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const po = app.site.po;
      const first = ok(await app.call<BacklogDto>('panel', po, 'getBacklog', {}));
      for (const damage of ['truncate', 'delete'] as const) {
        const chunks = (await app.kv.listByPrefix<string>('')).filter((e) => /:snap:.*:c\d+$/.test(e.key));
        expect(chunks.length).toBeGreaterThan(0);
        const victim = chunks[0] as { key: string; value: string };
        if (damage === 'truncate') await app.kv.set(victim.key, victim.value.slice(0, Math.floor(victim.value.length / 2)));
        else await app.kv.delete(victim.key);
        // A new instance: nothing in memory, only the damaged snapshot.
        app.platform.backlogCache.forget('');
        const again = await app.call<BacklogDto>('panel', po, 'getBacklog', {});
        expect(again.ok && again.data.rows).toEqual(first.rows);
        // Rebuilt: the snapshot reads whole again.
        const scopes = (await app.kv.listByPrefix<unknown>('')).filter((e) => /:snap:.*:head$/.test(e.key));
        expect(scopes).toHaveLength(1);
        tally.add('damagedSnapshotsRebuilt');
      }
    } finally {
      await app.close();
    }
  }, 60_000);

  it("a settings change deletes the old version's snapshots; expired preview tokens are removed", async () => {
    const clock = { now: APP_NOW };
    const app = await startApp({ site: { scale: 300 }, platform: { now: () => clock.now } });
    try {
      const po = app.site.po;
      ok(await app.call<BacklogDto>('panel', po, 'getBacklog', {}));
      const snapKeys = async () => (await app.kv.listByPrefix<unknown>('proj:ORION:snap:')).map((e) => e.key);
      expect((await snapKeys()).length).toBeGreaterThan(1);
      const settings = ok(await app.call<{ settings: { staleDays: number }; version: number }>('settings', po, 'getProjectSettings', {}));
      ok(await app.call('settings', po, 'saveProjectSettings', { settings: { ...settings.settings, staleDays: settings.settings.staleDays + 1 }, baseVersion: settings.version }));
      ok(await app.call<BacklogDto>('panel', po, 'getBacklog', {}));
      const after = await snapKeys();
      expect(after.filter((k) => !k.includes(`:s${settings.version + 1}`))).toEqual([]);

      // Ten previews never confirmed, then 20 minutes later one more: only the newest token is left.
      for (let i = 0; i < 10; i++) ok(await app.call<TrimPreviewDto>('panel', po, 'previewRerank', {}));
      clock.now = new Date(APP_NOW.getTime() + 20 * 60_000);
      ok(await app.call<TrimPreviewDto>('panel', po, 'previewRerank', {}));
      expect(await app.kv.listByPrefix('token:ORION:')).toHaveLength(1);
      tally.add('expiredTokensRemoved', 10);
    } finally {
      await app.close();
    }
  }, 60_000);
});
