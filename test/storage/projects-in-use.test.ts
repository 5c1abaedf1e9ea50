/**
 * The index of projects where the app is set up (the gadget's edit view reads it once instead of asking the
 * store about each of up to 200 projects): kept by every way a project gets set up, whole under racing
 * writers, built once from the old per-project look for an installation that predates it, one per site.
 */
import { AppStore, MemoryStore, projectSettingsFromDefaults, defaultSiteDefaults, type JobRecord, type KeyValueStore } from '../../src/storage';
import { MeteredStore } from './metered-store';

const NOW = new Date('2026-11-20T09:00:00Z');
const settings = projectSettingsFromDefaults(defaultSiteDefaults());

/** A store whose every call waits a few turns of the event loop first (a seeded amount), as remote calls overlap. */
class OverlappingStore implements KeyValueStore {
  private state: number;
  constructor(
    private readonly inner: KeyValueStore,
    seed: number,
  ) {
    this.state = seed;
  }
  private async turn(): Promise<void> {
    this.state = (this.state * 1103515245 + 12345) % 2147483648;
    for (let i = (this.state >> 8) % 8; i >= 0; i--) await new Promise((resolve) => setImmediate(resolve));
  }
  async get<T>(key: string): Promise<T | undefined> {
    await this.turn();
    return this.inner.get<T>(key);
  }
  async set<T>(key: string, value: T): Promise<void> {
    await this.turn();
    await this.inner.set(key, value);
  }
  async createIfAbsent<T>(key: string, value: T): Promise<boolean> {
    await this.turn();
    return this.inner.createIfAbsent(key, value);
  }
  async delete(key: string): Promise<void> {
    await this.turn();
    await this.inner.delete(key);
  }
  async listByPrefix<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    await this.turn();
    return this.inner.listByPrefix<T>(prefix);
  }
}

/** What an older release left behind, written as it wrote it (no index): ORION's settings, LYRA's loaded backlog, VEGA's job. */
async function olderReleaseData(kv: KeyValueStore): Promise<void> {
  await kv.set('proj:ORION:settings:v000001', { version: 1, value: settings, savedBy: 'po', savedAt: NOW.toISOString(), schema: 1 });
  await kv.set('proj:ORION:settings:head', 1);
  await kv.set('proj:LYRA:snapver:acc-po', 0);
  await kv.set('jobidx:VEGA:001763629200000:job-1', { jobId: 'job-1' });
}

const LISTED = ['ART', 'LYRA', 'ORION', 'VEGA', 'ZETA'];

describe('the index of projects where the app is set up', () => {
  it('answers the edit view with one read once it exists, each way of setting a project up counted', async () => {
    const kv = new MeteredStore(new MemoryStore());
    const store = new AppStore(kv, () => NOW);
    expect(await store.projectsInUse(LISTED)).toEqual([]);
    kv.reset();
    expect(await store.projectsInUse(LISTED)).toEqual([]);
    expect(kv.reset().reads).toBe(1);
    // Settings saved, a loaded backlog stored, a job started: each sets its project up.
    await store.projectSettings('ORION').save(settings, 0, 'po', NOW);
    await store.writeBacklogSnapshot('LYRA', 'acc-po', 0, { issues: [] });
    const job: JobRecord = { jobId: 'job-1', kind: 'load', state: 'queued', done: 0, total: 0, message: 'Loading', changed: [], failed: [], error: null, updatedAt: NOW.toISOString(), projectKey: 'VEGA', accountId: 'acc-po', input: {} };
    await store.recordNewJob(job);
    kv.reset();
    expect(await store.projectsInUse(LISTED)).toEqual(['LYRA', 'ORION', 'VEGA']);
    expect(kv.reset().reads).toBe(1);
  });

  it('builds itself once from the old per-project look on an installation that predates it', async () => {
    const kv = new MeteredStore(new MemoryStore());
    await olderReleaseData(kv);
    const store = new AppStore(kv, () => NOW);
    expect(await store.projectsInUse(LISTED)).toEqual(['LYRA', 'ORION', 'VEGA']);
    const building = kv.reset().reads;
    expect(await store.projectsInUse(LISTED)).toEqual(['LYRA', 'ORION', 'VEGA']);
    expect(kv.reset().reads).toBe(1);
    expect(building).toBeGreaterThan(LISTED.length);
    // A project another user's Jira lists, never looked at yet, is looked at the old way once, then known.
    await kv.set('proj:MIRA:snapver:acc-other', 0);
    expect(await store.projectsInUse(['MIRA', 'ORION'])).toEqual(['MIRA', 'ORION']);
    kv.reset();
    expect(await store.projectsInUse(['MIRA', 'ORION', 'ZETA'])).toEqual(['MIRA', 'ORION']);
    expect(kv.reset().reads).toBe(1);
  });

  it('a project looked at before it was set up counts as set up once it is', async () => {
    const store = new AppStore(new MemoryStore(), () => NOW);
    expect(await store.projectsInUse(['ORION'])).toEqual([]);
    await store.projectSettings('ORION').save(settings, 0, 'po', NOW);
    expect(await store.projectsInUse(['ORION'])).toEqual(['ORION']);
  });

  it('keeps every project when admins set up several at the same time', async () => {
    const projects = ['ORION', 'LYRA', 'VEGA', 'MIRA', 'ZETA', 'NOVA', 'ATLAS', 'CETUS'];
    for (let seed = 1; seed <= 24; seed++) {
      const store = new AppStore(new OverlappingStore(new MemoryStore(), seed), () => NOW);
      // Some installations have an index already when the admins save (an edit view looked first).
      if (seed % 2 === 0) expect(await store.projectsInUse(projects)).toEqual([]);
      await Promise.all([
        ...projects.map((key) => store.projectSettings(key).save(settings, 0, `admin-${key}`, NOW)),
        // An edit view building the index from the old look at the same moment.
        store.projectsInUse(projects),
      ]);
      // From the index alone (one read), not by looking again the old way.
      const metered = new MeteredStore(store.kv);
      expect({ seed, inUse: await new AppStore(metered, () => NOW).projectsInUse(projects), reads: metered.usage.reads }).toEqual({ seed, inUse: projects, reads: 1 });
    }
  });

  it('keeps each site its own', async () => {
    const siteA = new AppStore(new MemoryStore(), () => NOW);
    const siteB = new AppStore(new MemoryStore(), () => NOW);
    await siteA.projectSettings('ORION').save(settings, 0, 'po', NOW);
    await siteB.projectSettings('LYRA').save(settings, 0, 'po', NOW);
    expect(await siteA.projectsInUse(LISTED)).toEqual(['ORION']);
    expect(await siteB.projectsInUse(LISTED)).toEqual(['LYRA']);
  });
});
