/**
 * Issue 16, figure 11: the issue panel on a cold instance answers from the user's stored snapshot with the issue
 * read again. Planning the whole backlog there took most of a second at 50k, so the plan computed on a
 * snapshot's content is stored beside it; a cold instance takes it when everything the plan depends on is the
 * same, and plans afresh otherwise. Either way its answer is the one it would compute from scratch.
 */
import { createIssuePanelResolver, createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import { createLocalPlatform } from '../../src/platform';
import type { BalanceDto, FillDto, IssueInsightDto, IssueRef, ProjectSettingsDto } from '../../src/contracts';
import type { KeyValueStore } from '../../src/storage';
import type { DemoSite, DemoSiteUser } from '../demo-site';
import { caller, data, editInJira, startTwoSites, startWorld, type World } from './helpers';

jest.mock('../../src/domain/fill/index', () => {
  const actual = jest.requireActual<typeof import('../../src/domain/fill/index')>('../../src/domain/fill/index');
  return { ...actual, fillIterations: jest.fn(actual.fillIterations), fillBothModes: jest.fn(actual.fillBothModes) };
});
import { fillBothModes, fillIterations } from '../../src/domain/fill/index';

jest.setTimeout(90_000);

let world: World;
let now: Date;
beforeEach(async () => {
  now = new Date('2026-11-20T09:00:00Z');
  world = await startWorld({ now: () => now });
});
afterEach(() => world.site.close());

// A plan is both modes: one fillBothModes call (or a fillIterations call per mode).
const fills = (): number => (fillIterations as jest.Mock).mock.calls.length + 2 * (fillBothModes as jest.Mock).mock.calls.length;
const keyOf = (ref: IssueRef): string => (typeof ref === 'number' ? `ORION-${ref}` : ref);

/** Stored plans are kept under this part of their key (beside the snapshot). */
const isPlanKey = (key: string): boolean => /:plan(:|$)/.test(key);

/** The store as an instance sees it that has never heard of stored plans: none read, none written. */
function withoutStoredPlans(kv: KeyValueStore): KeyValueStore {
  return {
    get: async <T>(key: string) => (isPlanKey(key) ? undefined : kv.get<T>(key)),
    set: async <T>(key: string, value: T) => (isPlanKey(key) ? undefined : kv.set(key, value)),
    createIfAbsent: async <T>(key: string, value: T) => (isPlanKey(key) ? true : kv.createIfAbsent(key, value)),
    delete: async (key: string) => (isPlanKey(key) ? undefined : kv.delete(key)),
    listByPrefix: async <T>(prefix: string) => (await kv.listByPrefix<T>(prefix)).filter((e) => !isPlanKey(e.key)),
  };
}

/** getIssueInsight on a new (cold) instance over `kv`: nothing in memory. */
async function coldInsight(user: DemoSiteUser, issueKey: string, kv: KeyValueStore = world.platform.store.kv, site: DemoSite = world.site): Promise<IssueInsightDto> {
  const platform = createLocalPlatform({
    baseUrl: site.baseUrl,
    users: site.users.map((u) => ({ accountId: u.accountId, email: u.email, apiToken: u.apiToken })),
    kv,
    now: () => now,
    retry: { sleep: async () => undefined, maxAttempts: 3 },
  });
  const answer = data(await caller(createIssuePanelResolver(platform).getDefinitions())<IssueInsightDto>(user, 'getIssueInsight', {}, { project: 'ORION', issue: issueKey }));
  expect(answer).toHaveProperty('key', issueKey);
  return answer;
}

/** The cold answer, checked against one from scratch; how many fills the cold one ran (0: it took the stored plan). */
async function coldAsFromScratch(
  user: DemoSiteUser,
  issueKey: string,
  why: string,
  on: { site: DemoSite; kv: KeyValueStore } = { site: world.site, kv: world.platform.store.kv },
): Promise<{ answer: IssueInsightDto; fills: number }> {
  jest.clearAllMocks();
  const answer = await coldInsight(user, issueKey, on.kv, on.site);
  const planned = fills();
  jest.clearAllMocks();
  const scratch = await coldInsight(user, issueKey, withoutStoredPlans(on.kv), on.site);
  // From scratch means planning: the check would mean nothing if it found a plan somewhere.
  expect(fills()).toBeGreaterThan(0);
  expect({ why, answer }).toEqual({ why, answer: scratch });
  return { answer, fills: planned };
}

/** The PO's first open of the project page (its snapshot written, its plan computed), and a planned and a left-out key. */
async function firstOpen(user: DemoSiteUser = world.site.po): Promise<{ planned: string; leftOut: string }> {
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  data(await panel<BalanceDto>(user, 'getBalance', {}));
  const fill = data(await panel<FillDto>(user, 'getFill', {}));
  const planned = fill.iterations.flatMap((it) => it.items.map(keyOf));
  // Left out by the plan itself (not the tail, which the panel says without planning).
  const leftOut = fill.leftOut.filter(([, reason]) => reason !== 'inTail').map(([key]) => keyOf(key));
  expect(planned.length).toBeGreaterThan(1);
  expect(leftOut.length).toBeGreaterThan(0);
  return { planned: planned[1] as string, leftOut: leftOut[leftOut.length - 1] as string };
}

it('a cold instance answers from the plan stored beside the snapshot, planning nothing, as it would from scratch and as the warm instance does', async () => {
  const po = world.site.po;
  const { planned, leftOut } = await firstOpen();
  const warmPanel = caller(createIssuePanelResolver(world.platform).getDefinitions());
  for (const key of [planned, leftOut]) {
    const { answer, fills: planning } = await coldAsFromScratch(po, key, key);
    expect(planning).toBe(0);
    expect(answer).toEqual(data(await warmPanel<IssueInsightDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: key })));
  }
  // The answers say something: one planned in an iteration, the other left out for want of room.
  expect((await coldInsight(po, planned)).plan).toMatchObject({ iteration: expect.any(String) });
  expect((await coldInsight(po, leftOut)).plan).toMatchObject({ leftOut: expect.stringMatching(/^(?!inTail$)/) });
});

it('plans anew when what the plan depends on changed (allocation, settings, the issue itself), and always answers as from scratch', async () => {
  const po = world.site.po;
  const { planned, leftOut } = await firstOpen();
  const panel = caller(createPanelResolver(world.platform).getDefinitions());

  // The allocation of the PI: the stored plan was cut by the old one.
  const balance = data(await panel<BalanceDto>(po, 'getBalance', {}));
  const types = Object.keys(balance.allocation.percents);
  const percents = Object.fromEntries(types.map((t, i) => [t, i === 0 ? 100 : 0]));
  data(await panel(po, 'saveAllocation', { piId: balance.pi.id, percents, baseVersion: balance.allocation.version }));
  expect((await coldAsFromScratch(po, planned, 'an allocation')).fills).toBeGreaterThan(0);
  // That cold instance stored what it planned: the next one takes it.
  expect((await coldAsFromScratch(po, leftOut, 'an allocation, again')).fills).toBe(0);

  // Another issue edited in Jira: the cold answer is the snapshot's with this issue read again, as from scratch.
  const points = world.site.view.pointsFieldId();
  await editInJira(world.site, leftOut, { summary: 'Edited in Jira meanwhile' });
  expect((await coldAsFromScratch(po, planned, 'another issue edited')).fills).toBe(0);
  // The issue itself edited: its estimate is part of the plan.
  const before = await coldInsight(po, planned);
  await editInJira(world.site, planned, { [points]: before.points === 13 ? 8 : 13 });
  const edited = await coldAsFromScratch(po, planned, 'the issue edited');
  expect(edited.fills).toBeGreaterThan(0);
  expect(edited.answer.points).toBe(before.points === 13 ? 8 : 13);

  // Settings: a new settings version has a snapshot (and plan) of its own, written by the page's next read.
  const settings = caller(createSettingsResolver(world.platform).getDefinitions());
  const read = data(await settings<ProjectSettingsDto>(po, 'getProjectSettings', {}));
  data(await settings(po, 'saveProjectSettings', { settings: { ...read.settings, unplannedBufferPct: 30 }, baseVersion: read.version }));
  // The Balance tab as it opens: its figures, and the forecast of the plan (planned, and stored, there).
  data(await panel<BalanceDto>(po, 'getBalance', {}));
  data(await panel(po, 'getForecast', {}));
  expect((await coldAsFromScratch(po, leftOut, 'a buffer')).fills).toBe(0);

  // The day: a cold instance a little later (the snapshot still recent) answers as from scratch.
  now = new Date(now.getTime() + 20 * 60_000);
  await coldAsFromScratch(po, planned, 'twenty minutes on');
});

it('keeps users apart: a user never answers from another user’s stored plan', async () => {
  const { planned } = await firstOpen(world.site.po);
  await firstOpen(world.site.dev);
  const plans = (await world.platform.store.kv.listByPrefix('proj:ORION:snap:')).filter((e) => e.key.endsWith(':plan:head')).map((e) => e.key);
  // One per user, each in that user's own snapshot scope.
  expect(plans.sort()).toEqual([world.site.dev, world.site.po].map((u) => `proj:ORION:snap:${u.accountId}:s0:plan:head`).sort());

  expect((await coldAsFromScratch(world.site.dev, planned, 'the developer')).fills).toBe(0);
  // Without their own, the developer plans: the PO's stored plan is not theirs to take.
  await world.platform.store.kv.delete(`proj:ORION:snap:${world.site.dev.accountId}:s0:plan:head`);
  expect((await coldAsFromScratch(world.site.dev, planned, 'the developer, own plan gone')).fills).toBeGreaterThan(0);
});

it('keeps sites apart: a plan stored on one site never answers on another with the same project and account ids', async () => {
  const two = await startTwoSites('stored-plan-sites-');
  try {
    const [siteA, siteB] = two.sites;
    const [onA, onB] = two.platforms;
    const keys: string[] = [];
    for (const [site, platform] of [[siteA, onA], [siteB, onB]] as const) {
      const panel = caller(createPanelResolver(platform).getDefinitions());
      data(await panel<BalanceDto>(site.po, 'getBalance', {}));
      const fill = data(await panel<FillDto>(site.po, 'getFill', {}));
      keys.push(keyOf(fill.iterations[0]?.items[0] as IssueRef));
    }
    const b = { site: siteB, kv: onB.store.kv };
    expect((await coldAsFromScratch(siteB.po, keys[1] as string, 'site B', b)).fills).toBe(0);
    // Site B's own plan gone: its cold instance plans, though site A's is stored for the same project and user.
    for (const { key } of await onB.store.kv.listByPrefix('proj:ORION:snap:')) if (isPlanKey(key)) await onB.store.kv.delete(key);
    expect((await onA.store.kv.listByPrefix('proj:ORION:snap:')).some((e) => isPlanKey(e.key))).toBe(true);
    expect((await coldAsFromScratch(siteB.po, keys[1] as string, 'site B, own plan gone', b)).fills).toBeGreaterThan(0);
  } finally {
    await two.close();
  }
});

it('asks Jira for the issue while the snapshot is read and inflated, not after; a snapshot head naming no fields asks after', async () => {
  const po = world.site.po;
  const { planned } = await firstOpen();
  const kv = world.platform.store.kv;
  const asked = (): boolean => world.site.requestLog.some((r) => r.path.startsWith('/rest/api/3/issue/bulkfetch'));
  const seen: boolean[] = [];
  // Each chunk of the snapshot is handed over once the issue was asked (or after a second): whether it was.
  const watching: KeyValueStore = {
    get: async <T>(key: string) => {
      if (/:c\d{4}$/.test(key) && !isPlanKey(key)) {
        for (let waited = 0; !asked() && waited < 1000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
        seen.push(asked());
      }
      return kv.get<T>(key);
    },
    set: (key, value) => kv.set(key, value),
    createIfAbsent: (key, value) => kv.createIfAbsent(key, value),
    delete: (key) => kv.delete(key),
    listByPrefix: (prefix) => kv.listByPrefix(prefix),
  };
  world.site.clearRequestLog();
  const early = await coldInsight(po, planned, watching);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every(Boolean)).toBe(true);
  expect(world.site.requestLog.filter((r) => r.path.startsWith('/rest/api/3/issue/bulkfetch'))).toHaveLength(1);

  // A head written before it named the fields: the issue is asked once the snapshot is read, with the same answer.
  const headKey = `proj:ORION:snap:${po.accountId}:s0:head`;
  const head = (await kv.get<Record<string, unknown>>(headKey)) as Record<string, unknown>;
  expect(head.meta).toEqual({ fields: expect.arrayContaining(['summary']) });
  await kv.set(headKey, { ...head, meta: undefined });
  seen.length = 0;
  world.site.clearRequestLog();
  expect(await coldInsight(po, planned, watching)).toEqual(early);
  expect(seen.some(Boolean)).toBe(false);
  expect(world.site.requestLog.filter((r) => r.path.startsWith('/rest/api/3/issue/bulkfetch'))).toHaveLength(1);
});
