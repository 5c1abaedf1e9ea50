/**
 * Guarantee (issue 20 item 8, growth): a backlog snapshot is stored compressed (a fraction of its JSON, in a
 * fraction of the KVS write units), snapshots written before stay readable; the chunks of a snapshot whose
 * write or removal died half-way are collected; job records are capped per project; the allocation history
 * is answered a page at a time.
 */

import type { AllocationHistoryDto, BacklogDto, JobDto, JobRef } from '../../src/contracts';
import type { TeamBacklog } from '../../src/jira';
import { AppStore, MemoryStore, SnapshotStore, type JobRecord, type KeyValueStore } from '../../src/storage';
import { JOB_RECORDS_KEPT } from '../../src/storage/app-store';
import { MeteredStore, KVS_UNIT_BYTES } from '../storage/metered-store';
import { APP_NOW, ok, startApp } from './app';
import { Tally } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('storage-growth'));

const MINUTE = 60_000;

describe('compact snapshots', () => {
  it('a loaded backlog is stored in a fifth of its JSON or less, in as few write units, and reads back equal', async () => {
    const metered = new MeteredStore(new MemoryStore());
    const app = await startApp({ site: { scale: 1500 }, platform: { kv: metered } });
    try {
      const po = app.site.po;
      const first = ok(await app.call<BacklogDto>('panel', po, 'getBacklog', {}));
      const stored = await metered.storedBytes('proj:ORION:snap:');
      const read = await app.platform.store.readBacklogSnapshot<TeamBacklog>('ORION', po.accountId, 0);
      const json = Buffer.byteLength(JSON.stringify(read?.value), 'utf8');
      expect(read?.value.issues.length).toBeGreaterThan(300);
      expect(stored * 5).toBeLessThanOrEqual(json);
      // Written again as it is, the snapshot costs its compressed size in units, not its JSON's.
      metered.reset();
      await app.platform.store.writeBacklogSnapshot('ORION', po.accountId, 0, read?.value);
      expect(metered.usage.writeUnits).toBeLessThanOrEqual(Math.ceil(json / KVS_UNIT_BYTES / 5) + 8);
      // A fresh instance reads it back (no full load) and answers the same rows.
      app.platform.backlogCache.forget('');
      app.site.clearRequestLog();
      const again = ok(await app.call<BacklogDto>('panel', po, 'getBacklog', {}));
      expect(again.rows).toEqual(first.rows);
      tally.add('snapshotJsonBytes', json);
      tally.add('snapshotStoredBytes', stored);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('a snapshot stored before compression (plain JSON chunks) is still read', async () => {
    const kv = new MemoryStore();
    const value = { issues: Array.from({ length: 3000 }, (_, i) => ({ key: `A-${i}`, summary: `Issue ${i} 😀` })) };
    const text = JSON.stringify(value);
    const scope = 'proj:A:snap:u1:s0';
    const chunks = [text.slice(0, 60_000), text.slice(60_000, 120_000), text.slice(120_000)].filter((c) => c.length > 0);
    for (const [i, chunk] of chunks.entries()) await kv.set(`${scope}:gold1:c${String(i).padStart(4, '0')}`, chunk);
    await kv.set(`${scope}:head`, { generation: 'old1', chunks: chunks.length, savedAt: APP_NOW.toISOString() });
    expect((await new SnapshotStore(kv).read(scope))?.value).toEqual(value);
    // Its next write replaces it, old chunks and all.
    await new SnapshotStore(kv).write(scope, value);
    expect((await kv.listByPrefix(`${scope}:gold1`)).length).toBe(0);
    expect((await new SnapshotStore(kv).read(scope))?.value).toEqual(value);
    tally.add('plainSnapshotsRead');
  });
});

/** A store that fails every write (set, create, delete) after `allowed` of them, as a function stopped mid-way. */
function dyingAfter(inner: KeyValueStore, allowed: number): KeyValueStore {
  let left = allowed;
  const spend = () => {
    if (left-- <= 0) throw new Error('the function was stopped');
  };
  return {
    get: (key) => inner.get(key),
    set: async (key, value) => (spend(), inner.set(key, value)),
    createIfAbsent: async (key, value) => (spend(), inner.createIfAbsent(key, value)),
    delete: async (key) => (spend(), inner.delete(key)),
    listByPrefix: (prefix) => inner.listByPrefix(prefix),
  };
}

/** A backlog-like value that takes several chunks even compressed (random text does not compress). */
function bulky(seed: number): { rows: string[] } {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x);
  return { rows: Array.from({ length: 40000 }, () => next().toString(36) + next().toString(36) + next().toString(36)) };
}

describe('orphan chunks', () => {
  it("a write that died after its first chunks, and a removal that died after the head went: their chunks are collected once they are 15 minutes old, never a live writer's", async () => {
    const kv = new MemoryStore();
    const clock = { now: APP_NOW.getTime() };
    const now = () => new Date(clock.now);
    const chunkKeys = async () => (await kv.listByPrefix('proj:A:snap:')).map((e) => e.key).filter((k) => /:c\d{4}$/.test(k));

    // A write dying after two chunks: the old snapshot stays readable, the new chunks are orphans.
    await new SnapshotStore(kv, now).write('proj:A:snap:u1:s1', bulky(1));
    const live = await chunkKeys();
    expect(live.length).toBeGreaterThan(1);
    await expect(new SnapshotStore(dyingAfter(kv, 3), now).write('proj:A:snap:u1:s1', bulky(2))).rejects.toThrow(/stopped/);
    const afterDeath = await chunkKeys();
    expect(afterDeath.length).toBeGreaterThan(live.length);
    expect((await new SnapshotStore(kv, now).read('proj:A:snap:u1:s1'))?.value).toEqual(bulky(1));

    // A removal dying after the head was deleted: all its chunks are orphans.
    await new SnapshotStore(kv, now).write('proj:A:snap:u2:s1', bulky(3));
    await expect(new SnapshotStore(dyingAfter(kv, 2), now).remove('proj:A:snap:u2:s1')).rejects.toThrow(/stopped/);
    expect(await new SnapshotStore(kv, now).read('proj:A:snap:u2:s1')).toBeUndefined();
    const dead = (await chunkKeys()).filter((k) => k.includes(':u1:') || k.includes(':u2:'));
    expect(dead.length).toBeGreaterThan(afterDeath.length);

    // Five minutes on, another user's write sweeps: the dead work may still be running, nothing goes.
    clock.now += 5 * MINUTE;
    await new SnapshotStore(kv, now).write('proj:A:snap:u3:s1', { small: true });
    const early = await chunkKeys();
    expect(early.filter((k) => k.includes(':u1:') || k.includes(':u2:'))).toEqual(dead);

    // Sixteen minutes on: only the live snapshots' chunks are left.
    clock.now += 11 * MINUTE;
    await new SnapshotStore(kv, now).write('proj:A:snap:u3:s1', { small: false });
    const left = await chunkKeys();
    expect(left.filter((k) => k.includes(':u1:'))).toEqual(live);
    expect(left.filter((k) => k.includes(':u2:'))).toEqual([]);
    expect((await new SnapshotStore(kv, now).read('proj:A:snap:u1:s1'))?.value).toEqual(bulky(1));
    expect(await kv.listByPrefix('snapgen:')).toEqual([]);
    tally.add('orphanChunksCollected', afterDeath.length - live.length);
  });
});

function finishedJob(i: number, projectKey = 'ORION'): JobRecord {
  return {
    jobId: `job-${String(i).padStart(4, '0')}`,
    kind: 'load',
    state: 'done',
    done: 1,
    total: 1,
    message: 'Done',
    changed: [],
    failed: [],
    error: null,
    updatedAt: APP_NOW.toISOString(),
    projectKey,
    accountId: 'u1',
    input: {},
  };
}

describe('job records', () => {
  it(`are capped at the newest ${JOB_RECORDS_KEPT} per project; a running job and other projects' jobs are kept`, async () => {
    const kv = new MemoryStore();
    const clock = { now: APP_NOW.getTime() };
    const store = new AppStore(kv, () => new Date(clock.now));
    await store.recordNewJob({ ...finishedJob(0), state: 'running' });
    await store.recordNewJob({ ...finishedJob(0, 'VEGA'), jobId: 'vega-1' });
    for (let i = 1; i <= JOB_RECORDS_KEPT + 40; i++) {
      clock.now += 1000;
      await store.recordNewJob(finishedJob(i));
      // The running job's heartbeat (every 15 s): it is alive throughout.
      if (i % 15 === 0) await store.putJob({ ...finishedJob(0), state: 'running' });
      await store.leaseJob(finishedJob(i).jobId, 'consumer', 60_000);
    }
    const ids = (await kv.listByPrefix<{ projectKey: string }>('job:')).filter((e) => e.value.projectKey === 'ORION').map((e) => e.key);
    expect(ids.length).toBeLessThanOrEqual(JOB_RECORDS_KEPT + 1);
    expect(ids).toContain('job:job-0000');
    expect(ids).toContain(`job:job-${String(JOB_RECORDS_KEPT + 40).padStart(4, '0')}`);
    expect(ids).not.toContain('job:job-0001');
    expect(await kv.get('job:job-0000')).toBeDefined();
    expect((await store.getJob('job-0000'))?.state).toBe('running');
    expect((await kv.listByPrefix<{ projectKey: string }>('job:')).filter((e) => e.value.projectKey === 'VEGA')).toHaveLength(1);
    // Their leases go with them.
    expect((await kv.listByPrefix('joblease:job-0001:')).length).toBe(0);
    tally.add('jobRecordsRemoved', JOB_RECORDS_KEPT + 40 - ids.length + 1);
  });

  it('through the panel: loads started again and again leave at most the cap, the latest polls', async () => {
    const app = await startApp({ site: { scale: 200 } });
    try {
      const po = app.site.po;
      let last: JobRef | undefined;
      for (let i = 0; i < JOB_RECORDS_KEPT + 5; i++) {
        last = ok(await app.call<JobRef>('panel', po, 'loadBacklog', {}));
        await app.platform.idle();
      }
      expect((await app.kv.listByPrefix('job:')).length).toBeLessThanOrEqual(JOB_RECORDS_KEPT);
      expect(ok(await app.call<JobDto>('panel', po, 'getJob', { jobId: last?.jobId })).state).toBe('done');
    } finally {
      await app.close();
    }
  }, 180_000);
});

describe('allocation history', () => {
  it('1,500 saves come back a page at a time: each page small, every save exactly once, newest first', async () => {
    const app = await startApp({ site: { scale: 200 } });
    try {
      const po = app.site.po;
      const balance = ok(await app.call<{ pi: { id: string }; workTypes: { id: string }[] }>('panel', po, 'getBalance', {}));
      const [a, b] = balance.workTypes.map((w) => w.id) as [string, string];
      const record = app.platform.store.allocation('ORION', balance.pi.id);
      for (let v = 0; v < 1500; v++) {
        await record.save({ [a]: v % 100, [b]: 100 - (v % 100) }, v, po.accountId, new Date(APP_NOW.getTime() - (1500 - v) * MINUTE));
      }
      const seen: number[] = [];
      let before: string | undefined;
      let pages = 0;
      let largest = 0;
      do {
        const answer = await app.call<AllocationHistoryDto>('panel', po, 'getAllocationHistory', before ? { before } : {});
        const page = ok(answer);
        largest = Math.max(largest, Buffer.byteLength(JSON.stringify(answer), 'utf8'));
        seen.push(...page.entries.map((e) => e.version));
        before = page.next ?? undefined;
        pages += 1;
        if (pages === 1) {
          expect(page.total).toBe(1500);
          expect(page.latestPerPi.map((e) => e.version)).toEqual([1500]);
        }
      } while (before && pages < 100);
      expect(seen).toEqual(Array.from({ length: 1500 }, (_, i) => 1500 - i));
      expect(largest).toBeLessThan(32 * 1024);
      tally.add('historyPages', pages);
      tally.add('historyLargestPageBytes', largest);
    } finally {
      await app.close();
    }
  }, 180_000);
});
