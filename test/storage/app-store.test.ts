import type { ProjectSettings } from '../../src/contracts';
import {
  AppStore,
  defaultSiteDefaults,
  MemoryStore,
  projectSettingsFromDefaults,
  projectSettingsSchema,
  siteDefaultsSchema,
  StaleVersionError,
  StorageKeyError,
} from '../../src/storage';

function storeAt(time: { now: Date }): AppStore {
  return new AppStore(new MemoryStore(), () => time.now);
}

describe('AppStore', () => {
  it('gives a project the site defaults until it saves its own settings, then only its own', async () => {
    const time = { now: new Date('2026-03-01T00:00:00Z') };
    const store = storeAt(time);
    const initial = await store.effectiveSettings('TEAM');
    expect(initial.version).toBe(0);
    expect(initial.settings.staleDays).toBe(180);

    const defaults = { ...defaultSiteDefaults(), staleDays: 90 };
    await store.siteDefaults().save(defaults, 0, 'admin', time.now);
    expect((await store.effectiveSettings('TEAM')).settings.staleDays).toBe(90);

    const own: ProjectSettings = { ...projectSettingsFromDefaults(defaults), boardId: 7, staleDays: 30 };
    await store.projectSettings('TEAM').save(own, 0, 'po', time.now);
    const after = await store.effectiveSettings('TEAM');
    expect([after.version, after.settings.staleDays, after.settings.boardId]).toEqual([1, 30, 7]);
    expect((await store.effectiveSettings('OTHER')).settings.staleDays).toBe(90);
  });

  it('keeps allocation history per PI, newest first, never overwritten', async () => {
    const time = { now: new Date('2026-03-01T00:00:00Z') };
    const store = storeAt(time);
    await store.allocation('TEAM', 'PI-1').save({ feature: 70, enabler: 30 }, 0, 'a', time.now);
    time.now = new Date('2026-03-02T00:00:00Z');
    await store.allocation('TEAM', 'PI-2').save({ feature: 50, enabler: 50 }, 0, 'b', time.now);
    time.now = new Date('2026-03-03T00:00:00Z');
    await store.allocation('TEAM', 'PI-1').save({ feature: 60, enabler: 40 }, 1, 'c', time.now);
    await expect(store.allocation('TEAM', 'PI-1').save({ feature: 100 }, 1, 'd', time.now)).rejects.toBeInstanceOf(StaleVersionError);
    await store.allocation('TEAMX', 'PI-1').save({ feature: 100 }, 0, 'x', time.now);

    const all = await store.allocationHistory('TEAM');
    expect(all.map((h) => [h.piId, h.version, h.savedBy])).toEqual([
      ['PI-1', 2, 'c'],
      ['PI-2', 1, 'b'],
      ['PI-1', 1, 'a'],
    ]);
    expect((await store.allocationHistory('TEAM', 'PI-1')).map((h) => h.value.feature)).toEqual([60, 70]);
  });

  it('refuses ids that could escape their key space', async () => {
    const store = storeAt({ now: new Date() });
    expect(() => store.allocation('TEAM', 'PI:1')).toThrow(StorageKeyError);
    expect(() => store.allocation('team', 'PI1')).toThrow(StorageKeyError);
    expect(() => store.projectSettings('T EAM')).toThrow(StorageKeyError);
  });

  it('honours a confirmation token once, only for its kind, user and project, and only before it expires', async () => {
    const time = { now: new Date('2026-03-01T00:00:00Z') };
    const store = storeAt(time);
    const put = (token: string) => store.putToken(token, { kind: 'trim', projectKey: 'TEAM', accountId: 'u1', payload: { keys: ['TEAM-1'] } }, 60_000);

    await put('t1');
    expect(await store.takeToken('TEAM', 't1', 'rerank', 'u1')).toBeUndefined();
    await put('t2');
    expect(await store.takeToken('TEAM', 't2', 'trim', 'u2')).toBeUndefined();
    await put('t3');
    expect(await store.takeToken('OTHER', 't3', 'trim', 'u1')).toBeUndefined();
    expect((await store.takeToken<{ keys: string[] }>('TEAM', 't3', 'trim', 'u1'))?.payload.keys).toEqual(['TEAM-1']);
    expect(await store.takeToken('TEAM', 't3', 'trim', 'u1')).toBeUndefined();

    await put('t4');
    time.now = new Date('2026-03-01T00:01:01Z');
    expect(await store.takeToken('TEAM', 't4', 'trim', 'u1')).toBeUndefined();
    expect(await store.takeToken('TEAM', '../x', 'trim', 'u1')).toBeUndefined();
  });
});

describe('the write slot', () => {
  it('lets one write job run per project whatever its kind, and frees the slot when it ends or goes stale', async () => {
    const time = { now: new Date('2026-03-01T00:00:00Z') };
    const store = storeAt(time);
    const job = (jobId: string, kind: 'commitFill' | 'trimTail', projectKey = 'TEAM') => ({
      jobId, kind, state: 'queued' as const, done: 0, total: 1, message: '', changed: [], failed: [], error: null,
      updatedAt: time.now.toISOString(), projectKey, accountId: 'u1', input: {},
    });
    expect(await store.claimWriteSlot(job('j1', 'commitFill'))).toEqual({ claimed: true });
    expect(await store.claimWriteSlot(job('j2', 'trimTail'))).toMatchObject({ claimed: false, holder: { jobId: 'j1' } });
    // The refused job leaves no record behind.
    expect(await store.getJob('j2')).toBeUndefined();
    expect(await store.claimWriteSlot(job('j3', 'commitFill', 'OTHER'))).toEqual({ claimed: true });
    // j1 finishes: the next job may start.
    await store.putJob({ ...job('j1', 'commitFill'), state: 'done' });
    expect(await store.claimWriteSlot(job('j4', 'trimTail'))).toEqual({ claimed: true });
    expect((await store.writeSlotHolder('TEAM'))?.jobId).toBe('j4');
    // j4's worker dies: once it has not been heard from for too long, the slot is free.
    time.now = new Date('2026-03-01T00:21:00Z');
    expect(await store.claimWriteSlot(job('j5', 'commitFill'))).toEqual({ claimed: true });
  });
});

describe('settings schema', () => {
  it('accepts the defaults', () => {
    expect(siteDefaultsSchema.safeParse(defaultSiteDefaults()).success).toBe(true);
    expect(projectSettingsSchema.safeParse(projectSettingsFromDefaults(defaultSiteDefaults())).success).toBe(true);
  });

  it('names the field at fault', () => {
    const bad = { ...defaultSiteDefaults(), defaultAllocation: { feature: 50, enabler: 40 } };
    const result = siteDefaultsSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['defaultAllocation', expect.stringContaining('adds up to 90%')]]);

    const unknownType = { ...defaultSiteDefaults(), defaultWorkType: 'nope' };
    expect(siteDefaultsSchema.safeParse(unknownType).error?.issues[0].path).toEqual(['defaultWorkType']);

    const injected = { ...projectSettingsFromDefaults(defaultSiteDefaults()), programProjects: ['ART) OR project = SECRET'] };
    expect(projectSettingsSchema.safeParse(injected).error?.issues[0].path).toEqual(['programProjects', 0]);
  });
});
