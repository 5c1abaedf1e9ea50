/**
 * The index of projects in use is a lookup aid beside the records that set a project up: storage refusing a
 * write of the index (KVS over its rate, a write cut off) must not turn a settings save, a stored backlog, a
 * started job or the gadget's edit view into a failure when what they did or found is already known.
 */
import { AppStore, MemoryStore, projectSettingsFromDefaults, defaultSiteDefaults, type JobRecord, type KeyValueStore } from '../../src/storage';

const NOW = new Date('2026-11-20T09:00:00Z');
const settings = projectSettingsFromDefaults(defaultSiteDefaults());

/** Memory, except that every write of the projects-in-use index is refused (reads of it still answer). */
class IndexWritesRefused implements KeyValueStore {
  readonly inner = new MemoryStore();
  refused = 0;
  private check(key: string): void {
    if (key.startsWith('site:projects-in-use')) {
      this.refused++;
      throw new Error('KVS: rate limit exceeded');
    }
  }
  get<T>(key: string): Promise<T | undefined> {
    return this.inner.get<T>(key);
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.check(key);
    await this.inner.set(key, value);
  }
  async createIfAbsent<T>(key: string, value: T): Promise<boolean> {
    this.check(key);
    return this.inner.createIfAbsent(key, value);
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
  listByPrefix<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    return this.inner.listByPrefix<T>(prefix);
  }
}

describe('the projects-in-use index refusing writes', () => {
  it('fails no settings save: the save that won is answered, and the next save builds on it', async () => {
    const kv = new IndexWritesRefused();
    const store = new AppStore(kv, () => NOW);
    const first = await store.projectSettings('ORION').save(settings, 0, 'po', NOW);
    expect(first.version).toBe(1);
    // Answered as failed, the PO would save again from version 0 and be told someone saved meanwhile.
    await expect(store.projectSettings('ORION').save({ ...settings, planIterations: 2 }, 1, 'po', NOW)).resolves.toMatchObject({ version: 2 });
    expect(kv.refused).toBeGreaterThan(0);
  });

  it('fails no snapshot write: the generation is returned and the previous settings version\'s snapshot still goes', async () => {
    const kv = new IndexWritesRefused();
    const store = new AppStore(kv, () => NOW);
    await expect(store.writeBacklogSnapshot('LYRA', 'acc-po', 1, { issues: ['a'] })).resolves.toEqual(expect.any(String));
    await store.writeBacklogSnapshot('LYRA', 'acc-po', 2, { issues: ['b'] });
    expect(await store.readBacklogSnapshot('LYRA', 'acc-po', 1)).toBeUndefined();
    expect((await store.readBacklogSnapshot<{ issues: string[] }>('LYRA', 'acc-po', 2))?.value.issues).toEqual(['b']);
    expect(kv.refused).toBeGreaterThan(0);
  });

  it('fails no job start: the job is recorded and indexed', async () => {
    const kv = new IndexWritesRefused();
    const store = new AppStore(kv, () => NOW);
    const job: JobRecord = { jobId: 'job-1', kind: 'load', state: 'queued', done: 0, total: 0, message: 'Loading', changed: [], failed: [], error: null, updatedAt: NOW.toISOString(), projectKey: 'VEGA', accountId: 'acc-po', input: {} };
    await expect(store.recordNewJob(job)).resolves.toBeUndefined();
    expect(await store.getJob('job-1')).toMatchObject({ jobId: 'job-1', projectKey: 'VEGA' });
    expect((await kv.listByPrefix('jobidx:VEGA:')).length).toBe(1);
  });

  it('still answers the edit view from the old per-project look, and a second site is not touched', async () => {
    const kv = new IndexWritesRefused();
    await kv.inner.set('proj:ORION:settings:v000001', { version: 1, value: settings, savedBy: 'po', savedAt: NOW.toISOString(), schema: 1 });
    await kv.inner.set('proj:ORION:settings:head', 1);
    const store = new AppStore(kv, () => NOW);
    expect(await store.projectsInUse(['LYRA', 'ORION'])).toEqual(['ORION']);
    expect(kv.refused).toBeGreaterThan(0);
    const other = new AppStore(new MemoryStore(), () => NOW);
    expect(await other.projectsInUse(['LYRA', 'ORION'])).toEqual([]);
  });
});
