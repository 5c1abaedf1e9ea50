import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import {
  FileStore,
  KeyValueStore,
  KvsStore,
  MAX_VALUE_BYTES,
  MemoryStore,
  SnapshotStore,
  StaleVersionError,
  StorageKeyError,
  StorageValueTooLargeError,
  VersionedRecord,
} from '../../src/storage';
import { FakeKvs } from './fake-kvs';

/** The same contract for every adapter of the storage port. */
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const adapters: [string, () => KeyValueStore][] = [
  [
    'FileStore',
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'bb-store-'));
      dirs.push(dir);
      return new FileStore(path.join(dir, 'store'));
    },
  ],
  ['KvsStore over a fake KVS', () => new KvsStore(new FakeKvs(7))],
  ['MemoryStore', () => new MemoryStore()],
];

describe.each(adapters)('%s', (_name, make) => {
  let store: KeyValueStore;
  beforeEach(() => {
    store = make();
  });

  it('reads back what it wrote, overwrites on set, and forgets on delete', async () => {
    expect(await store.get('a:1')).toBeUndefined();
    await store.set('a:1', { n: 1, list: ['x'] });
    expect(await store.get('a:1')).toEqual({ n: 1, list: ['x'] });
    await store.set('a:1', { n: 2 });
    expect(await store.get('a:1')).toEqual({ n: 2 });
    await store.delete('a:1');
    expect(await store.get('a:1')).toBeUndefined();
    await expect(store.delete('a:1')).resolves.toBeUndefined();
  });

  it('creates a key only once and keeps the first value', async () => {
    expect(await store.createIfAbsent('lock:x', 'first')).toBe(true);
    expect(await store.createIfAbsent('lock:x', 'second')).toBe(false);
    expect(await store.get('lock:x')).toBe('first');
  });

  it('lets exactly one of many concurrent creates of the same key win', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.createIfAbsent('race:k', i)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get('race:k')).toBe(results.indexOf(true));
  });

  it('lists by prefix in key order, across pages, and nothing outside the prefix', async () => {
    for (let i = 0; i < 23; i += 1) await store.set(`p:A:${String(i).padStart(3, '0')}`, i);
    await store.set('p:AB:000', 'other project');
    await store.set('q:A:000', 'other kind');
    const listed = await store.listByPrefix<number>('p:A:');
    expect(listed.map((e) => e.value)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(listed.every((e) => e.key.startsWith('p:A:'))).toBe(true);
    expect(await store.listByPrefix('nothing:')).toEqual([]);
  });

  it('keeps keys with ":" and "#" distinct and round-trips them', async () => {
    await store.set('k:a#b', 1);
    await store.set('k:a_b', 2);
    expect(await store.get('k:a#b')).toBe(1);
    expect((await store.listByPrefix('k:a')).map((e) => e.key)).toEqual(['k:a#b', 'k:a_b']);
  });

  it('refuses unsafe keys and values over the 240 KiB limit', async () => {
    await expect(store.set('../escape', 1)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(store.set('has space', 1)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(store.set('big', 'x'.repeat(MAX_VALUE_BYTES))).rejects.toBeInstanceOf(StorageValueTooLargeError);
    expect(await store.get('big')).toBeUndefined();
  });

  describe('snapshots', () => {
    it('round-trips a multi-megabyte value over many chunks and drops the old generation on rewrite', async () => {
      const snapshots = new SnapshotStore(store);
      // Snapshots are stored compressed: text that does not repeat (the noise) keeps the value over many chunks.
      let seed = 7;
      const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed.toString(36));
      const big = { rows: Array.from({ length: 20_000 }, (_, i) => ({ key: `T-${i}`, summary: `"quoted" ünïcode ${i} 😀`.repeat(3), noise: noise() + noise() + noise() + noise() })) };
      await snapshots.write('proj:T:snap:u1:s0', big);
      expect((await snapshots.read<typeof big>('proj:T:snap:u1:s0'))?.value).toEqual(big);
      const chunks = (await store.listByPrefix('proj:T:snap:u1:s0:g')).length;
      expect(chunks).toBeGreaterThan(2);
      await snapshots.write('proj:T:snap:u1:s0', { rows: [] });
      expect((await snapshots.read('proj:T:snap:u1:s0'))?.value).toEqual({ rows: [] });
      expect((await store.listByPrefix('proj:T:snap:u1:s0:g')).length).toBe(1);
      expect(await snapshots.read('proj:T:snap:u2:s0')).toBeUndefined();
    });

    it('round-trips a value deflated in many segments, readable as one stream, and still reads a snapshot written whole', async () => {
      // At most 100,000 characters a segment here, so these megabytes are deflated as many jobs joined.
      const segmented = new SnapshotStore(store, undefined, 100_000);
      const big = { rows: Array.from({ length: 20_000 }, (_, i) => ({ key: `T-${i}`, summary: `"quoted" ünïcode ${i} 😀`.repeat(3), noise: (i * 7919).toString(36) })) };
      expect(JSON.stringify(big).length).toBeGreaterThan(1_000_000);
      await segmented.write('proj:T:snap:u3:s0', big);
      expect((await segmented.read<typeof big>('proj:T:snap:u3:s0'))?.value).toEqual(big);
      expect((await new SnapshotStore(store).read<typeof big>('proj:T:snap:u3:s0'))?.value).toEqual(big);
      // Just over one segment, and segments of every size around a piece: the last segment alone ends the stream.
      const edge = { rows: big.rows.slice(0, 1_000) };
      for (const limit of [JSON.stringify(edge).length - 10, JSON.stringify(edge).length, 2, 70_000]) {
        await new SnapshotStore(store, undefined, limit).write('proj:T:snap:u4:s0', edge);
        expect((await segmented.read<typeof edge>('proj:T:snap:u4:s0'))?.value).toEqual(edge);
      }
      // A snapshot written before segments (the whole JSON one deflate stream) still reads.
      const whole = deflateRawSync(Buffer.from(JSON.stringify(edge), 'utf8'), { level: 3 }).toString('base64');
      await store.set('proj:T:snap:u5:s0:gold:c0000', whole);
      await store.set('proj:T:snap:u5:s0:head', { generation: 'old', chunks: 1, savedAt: '2026-01-01T00:00:00.000Z', encoding: 'deflate-base64' });
      expect((await segmented.read<typeof edge>('proj:T:snap:u5:s0'))?.value).toEqual(edge);
    });
  });

  describe('versioned records', () => {
    it('saves versions in sequence and refuses a save based on an old version, keeping history', async () => {
      const record = new VersionedRecord<{ feature: number }>(store, 'proj:T:alloc:PI1', 'The allocation for PI1');
      expect(await record.latest()).toBeNull();
      const first = await record.save({ feature: 60 }, 0, 'alice', new Date('2026-01-01T10:00:00Z'));
      expect(first.version).toBe(1);
      const second = await record.save({ feature: 70 }, 1, 'bob', new Date('2026-01-02T10:00:00Z'));
      expect(second.version).toBe(2);

      const stale = record.save({ feature: 10 }, 1, 'carol', new Date('2026-01-03T10:00:00Z'));
      await expect(stale).rejects.toBeInstanceOf(StaleVersionError);
      // Who won is kept on the error (`currentSavedBy`), never put in the message: users see names, not ids.
      await expect(stale).rejects.toMatchObject({ currentSavedBy: 'bob', message: expect.stringMatching(/changed by someone else since you opened it.*reload/) });
      await expect(stale).rejects.not.toThrow(/bob/);

      expect((await record.latest())?.value).toEqual({ feature: 70 });
      expect((await record.history()).map((v) => [v.version, v.value.feature, v.savedBy])).toEqual([
        [1, 60, 'alice'],
        [2, 70, 'bob'],
      ]);
      expect((await record.rejected()).map((r) => [r.savedBy, r.baseVersion, r.currentVersion])).toEqual([['carol', 1, 2]]);
    });

    it('lets exactly one of two sessions saving on the same version win; the other is told to reload', async () => {
      const record = new VersionedRecord<number>(store, 'proj:T:alloc:PI2', 'The allocation for PI2');
      await record.save(1, 0, 'setup', new Date());
      const outcomes = await Promise.allSettled([record.save(10, 1, 'po-a', new Date()), record.save(20, 1, 'po-b', new Date())]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(StaleVersionError);
      const latest = await record.latest();
      expect(latest?.version).toBe(2);
      const winnerValue = (won[0] as PromiseFulfilledResult<{ value: number }>).value.value;
      expect(latest?.value).toBe(winnerValue);
      expect((await record.rejected()).map((r) => r.value)).toEqual([winnerValue === 10 ? 20 : 10]);
      expect(await record.history()).toHaveLength(2);
    });

    it('finds the latest version even when a writer died before moving the head pointer', async () => {
      const record = new VersionedRecord<string>(store, 'proj:T:settings', 'The settings');
      await record.save('one', 0, 'a', new Date());
      await store.createIfAbsent('proj:T:settings:v000002', { version: 2, value: 'two', savedBy: 'b', savedAt: new Date().toISOString() });
      expect((await record.latest())?.value).toBe('two');
      await expect(record.save('stale', 1, 'c', new Date())).rejects.toBeInstanceOf(StaleVersionError);
      expect((await record.save('three', 2, 'c', new Date())).version).toBe(3);
    });
  });
});
