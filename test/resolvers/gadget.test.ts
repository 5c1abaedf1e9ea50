/**
 * The dashboard gadget's resolver (issue 19.2): the edit view's projects (browsable software projects where the
 * app is set up), one team's balance from the same loaded backlog and plan as the project page (never a full
 * load inside the call), read as the user looking at the dashboard, each site its own.
 */
jest.setTimeout(120_000);

import type { DemoSiteUser } from '../demo-site';
import { localSites } from '../../src/platform';
import { createGadgetResolver, createPanelResolver } from '../../src/resolvers';
import type { JiraResponse, RequestJira } from '../../src/jira';
import type { BacklogLoadingDto, BalanceDto, FillDto, GadgetDto, GadgetProjectsDto, JobDto, RefinementDto, Result } from '../../src/contracts';
import { MemoryStore } from '../../src/storage';
import { MeteredStore } from '../storage/metered-store';
import { caller, data, startTwoSites, startWorld, type TwoSites, type World } from './helpers';

/** Calls the gadget's resolver as Forge does on a dashboard: no project in the context, the gadget's configuration aside. */
function gadgetCaller(handler: ReturnType<ReturnType<typeof createGadgetResolver>['getDefinitions']>, installContext?: string) {
  return async <T>(user: DemoSiteUser, functionKey: string, payload: unknown): Promise<Result<T>> =>
    (await handler(
      { call: { functionKey, payload }, context: { localId: 'gadget', moduleKey: 'backlog-balance-gadget', extension: { type: 'jira:dashboardGadget', gadget: { id: '1' }, dashboard: { id: '2' } } } },
      { principal: { accountId: user.accountId }, ...(installContext ? { installContext } : {}) },
    )) as Result<T>;
}

function isLoading(value: GadgetDto | BacklogLoadingDto): value is BacklogLoadingDto {
  return 'loading' in value;
}

describe('the dashboard gadget', () => {
  let world: World;
  let panel: ReturnType<typeof caller>;
  let gadget: ReturnType<typeof gadgetCaller>;
  beforeAll(async () => {
    world = await startWorld();
    panel = caller(createPanelResolver(world.platform).getDefinitions());
    gadget = gadgetCaller(createGadgetResolver(world.platform).getDefinitions());
  });
  afterAll(() => world.site.close());

  it('offers only software projects the user can browse where the app is set up, and says when there are none', async () => {
    const { po, dev } = world.site;
    // Nobody has used the app yet: nothing to offer.
    expect(data(await gadget<GadgetProjectsDto>(po, 'getGadgetProjects', {}))).toEqual({ projects: [], truncatedAt: null });
    // The PO opens the project page of ORION and LYRA: both are set up now, for everyone.
    data(await panel(po, 'getBalance', {}, { project: 'ORION' }));
    data(await panel(po, 'getBalance', {}, { project: 'LYRA' }));
    const forPo = data(await gadget<GadgetProjectsDto>(po, 'getGadgetProjects', {}));
    expect(forPo.projects.map((p) => p.key)).toEqual(['LYRA', 'ORION']);
    expect(forPo.projects[0]?.name).toBeTruthy();
    // The developer cannot browse LYRA: Jira never lists it to them, so neither does the gadget.
    const forDev = data(await gadget<GadgetProjectsDto>(dev, 'getGadgetProjects', {}));
    expect(forDev.projects.map((p) => p.key)).toEqual(['ORION']);
    expect(JSON.stringify(forDev)).not.toContain('LYRA');
  });

  it("shows the panel's figures: allocation target vs planned, ready runway, the next iteration's fill and its left-out count", async () => {
    const { po } = world.site;
    const answer = data(await gadget<GadgetDto | BacklogLoadingDto>(po, 'getGadget', { projectKey: 'ORION' }));
    if (isLoading(answer)) throw new Error('the PO loaded ORION before: no load expected');
    const balance = data(await panel<BalanceDto>(po, 'getBalance', {}));
    const refinement = data(await panel<RefinementDto>(po, 'getRefinement', {}));
    const fill = data(await panel<FillDto>(po, 'getFill', {}));
    expect(answer.projectKey).toBe('ORION');
    expect(answer.pi).toEqual(balance.pi);
    expect(answer.allocation.map((r) => [r.workType.id, r.targetPct, r.targetPoints, r.plannedPoints])).toEqual(
      balance.rows.map((r) => [r.workType, r.targetPct, r.targetPoints, r.plannedPoints]),
    );
    expect(answer.allocation.some((r) => r.plannedPoints > 0)).toBe(true);
    expect(answer.runway).toEqual({ readyPoints: refinement.runway.readyPoints, velocity: refinement.runway.velocity, iterations: refinement.runway.iterations, target: refinement.runway.target });
    const next = fill.iterations[0]!;
    const planned = Object.values(next.slices).reduce((sum, s) => sum + s.planned, 0);
    expect(answer.next).toEqual({ name: next.name, start: next.start, end: next.end, capacity: next.capacity, planned });
    expect(answer.leftOut).toBe(fill.leftOut.length);
    expect(answer.noPlan).toBeNull();
    expect(answer.readOnly).toBeNull();
  });

  it('never loads a whole backlog in the call: a user without a loaded backlog gets the background load, then the figures', async () => {
    const viewer = world.site.users.find((u) => u.email === 'viewer@demo.test')!;
    world.site.clearRequestLog();
    const first = data(await gadget<GadgetDto | BacklogLoadingDto>(viewer, 'getGadget', { projectKey: 'ORION' }));
    expect(isLoading(first)).toBe(true);
    // Nothing of the backlog was read inside the call: no issue search, no bulk fetch.
    expect(world.site.requestLog.filter((r) => /search\/jql|bulkfetch/.test(r.path))).toEqual([]);
    const { jobId, i18n } = (first as BacklogLoadingDto).loading;
    // Said by catalog key, so the gadget shows it in the user's language.
    expect(i18n).toEqual({ key: 'gadget.firstLoad', params: { project: 'ORION' } });
    await world.platform.idle();
    const job = data(await gadget<JobDto>(viewer, 'getGadgetJob', { projectKey: 'ORION', jobId }));
    expect(job.state).toBe('done');
    const second = data(await gadget<GadgetDto | BacklogLoadingDto>(viewer, 'getGadget', { projectKey: 'ORION' }));
    expect(isLoading(second)).toBe(false);
    // The job belongs to ORION: asked about through another project, it is unknown.
    expect((await gadget(viewer, 'getGadgetJob', { projectKey: 'VEGA', jobId })).ok).toBe(false);
  });

  it('refuses a project the user cannot browse, naming nothing of it, and starts no load there', async () => {
    const { dev } = world.site;
    world.site.clearRequestLog();
    const result = await gadget<GadgetDto>(dev, 'getGadget', { projectKey: 'LYRA' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
    expect(await world.platform.store.latestLoadJob('LYRA', dev.accountId)).toBeUndefined();
    const text = JSON.stringify(result);
    for (const issue of world.site.view.issues().filter((i) => i.projectKey === 'LYRA').slice(0, 50)) expect(text).not.toContain(issue.summary);
  });

  it('shows nothing of a loaded backlog once the user may no longer browse its project', async () => {
    const viewer = world.site.users.find((u) => u.email === 'viewer@demo.test')!;
    const first = data(await gadget<GadgetDto | BacklogLoadingDto>(viewer, 'getGadget', { projectKey: 'VEGA' }));
    if (isLoading(first)) await world.platform.idle();
    expect(isLoading(data(await gadget<GadgetDto | BacklogLoadingDto>(viewer, 'getGadget', { projectKey: 'VEGA' })))).toBe(false);
    // An admin takes VEGA away from the viewer; the stored backlog is still there, read access is asked afresh.
    const granted = [...(viewer.permissions.VEGA ?? [])];
    world.site.setProjectPermissions(viewer.accountId, 'VEGA', []);
    world.platform.backlogCache.forget('');
    try {
      const result = await gadget<GadgetDto>(viewer, 'getGadget', { projectKey: 'VEGA' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
      expect(JSON.stringify(result)).not.toMatch(/VEGA Sprint|Team Vega/);
    } finally {
      world.site.setProjectPermissions(viewer.accountId, 'VEGA', granted);
    }
  });

  it('says what a project needs instead of loading one that holds no team backlog (the program project)', async () => {
    const result = await gadget<GadgetDto>(world.site.po, 'getGadget', { projectKey: 'ART' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NOT_CONFIGURED');
  });

  it('validates the configured project key before anything reaches Jira', async () => {
    world.site.clearRequestLog();
    const result = await gadget<GadgetDto>(world.site.po, 'getGadget', { projectKey: 'ORION" OR project = LYRA' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'INVALID_INPUT', field: 'projectKey' });
    expect(world.site.requestLog).toEqual([]);
  });

  it('on a site without an active licence: reads still work, but no background load starts', async () => {
    const handler = createGadgetResolver(world.platform).getDefinitions();
    const unlicensed = async <T>(user: DemoSiteUser, projectKey: string): Promise<Result<T>> =>
      (await handler(
        { call: { functionKey: 'getGadget', payload: { projectKey } }, context: { localId: 'gadget', extension: { type: 'jira:dashboardGadget' } } },
        { principal: { accountId: user.accountId }, license: { isActive: false } },
      )) as Result<T>;
    const read = data(await unlicensed<GadgetDto>(world.site.po, 'ORION'));
    expect(read.readOnly).toMatch(/no active licence/);
    const load = await unlicensed<GadgetDto>(world.site.po, 'VEGA');
    expect(load.ok).toBe(false);
    if (!load.ok) expect(load.error.code).toBe('UNLICENSED');
  });
});

describe('the dashboard gadget on two sites', () => {
  let two: TwoSites;
  beforeAll(async () => {
    two = await startTwoSites('bb-gadget-sites-');
  });
  afterAll(() => two.close());

  it('keeps each site its own: set up on one site is not set up on the other, and each shows its own backlog', async () => {
    const host = localSites(two.platforms);
    const [a, b] = two.platforms;
    const [siteA, siteB] = two.sites;
    const gadgetA = gadgetCaller(createGadgetResolver(host).getDefinitions(), a.site);
    const gadgetB = gadgetCaller(createGadgetResolver(host).getDefinitions(), b.site);
    const panelA = createPanelResolver(host).getDefinitions();
    // Same project key and account ids on both sites; only site A's PO opens the project page.
    const opened = (await panelA(
      { call: { functionKey: 'getBalance', payload: {} }, context: { localId: 'x', extension: { type: 'jira:projectPage', project: { key: 'ORION' } } } },
      { principal: { accountId: siteA.po.accountId }, installContext: a.site },
    )) as Result<BalanceDto>;
    data(opened);
    expect(data(await gadgetA<GadgetProjectsDto>(siteA.po, 'getGadgetProjects', {})).projects.map((p) => p.key)).toEqual(['ORION']);
    expect(data(await gadgetB<GadgetProjectsDto>(siteB.po, 'getGadgetProjects', {})).projects).toEqual([]);
    const onA = data(await gadgetA<GadgetDto | BacklogLoadingDto>(siteA.po, 'getGadget', { projectKey: 'ORION' }));
    expect(isLoading(onA)).toBe(false);
    // Site B's PO never loaded ORION there: B starts its own load instead of showing A's backlog.
    const onB = data(await gadgetB<GadgetDto | BacklogLoadingDto>(siteB.po, 'getGadget', { projectKey: 'ORION' }));
    expect(isLoading(onB)).toBe(true);
    await b.idle();
    // B's load set ORION up on B, in B's own index; A's index never spoke for B.
    expect(data(await gadgetB<GadgetProjectsDto>(siteB.po, 'getGadgetProjects', {})).projects.map((p) => p.key)).toEqual(['ORION']);
    const loadedB = data(await gadgetB<GadgetDto | BacklogLoadingDto>(siteB.po, 'getGadget', { projectKey: 'ORION' }));
    if (isLoading(loadedB) || isLoading(onA)) throw new Error('both loaded by now');
    // Each shows its own site's backlog, as that site's project page does.
    const balanceOn = async (site: string, user: DemoSiteUser) =>
      data((await panelA({ call: { functionKey: 'getBalance', payload: {} }, context: { localId: 'x', extension: { type: 'jira:projectPage', project: { key: 'ORION' } } } }, { principal: { accountId: user.accountId }, installContext: site })) as Result<BalanceDto>);
    const rows = (dto: GadgetDto) => dto.allocation.map((r) => r.plannedPoints);
    expect(rows(onA)).toEqual((await balanceOn(a.site, siteA.po)).rows.map((r) => r.plannedPoints));
    expect(rows(loadedB)).toEqual((await balanceOn(b.site, siteB.po)).rows.map((r) => r.plannedPoints));
    expect(rows(onA)).not.toEqual(rows(loadedB));
  });
});

describe("the gadget's edit view on a site with many projects", () => {
  let world: World;
  let kv: MeteredStore;
  beforeAll(async () => {
    kv = new MeteredStore(new MemoryStore());
    world = await startWorld({ kv, teams: 8 });
  });
  afterAll(() => world.site.close());

  it('reads the app storage once, whatever the number of projects, once the index of projects set up exists', async () => {
    const panel = caller(createPanelResolver(world.platform).getDefinitions());
    const gadget = gadgetCaller(createGadgetResolver(world.platform).getDefinitions());
    const { po, dev } = world.site;
    data(await panel(po, 'getBalance', {}, { project: 'ORION' }));
    const listed = world.site.view.boards().length;
    expect(listed).toBeGreaterThanOrEqual(8);
    data(await gadget<GadgetProjectsDto>(po, 'getGadgetProjects', {}));
    for (const user of [po, dev]) {
      kv.reset();
      expect(data(await gadget<GadgetProjectsDto>(user, 'getGadgetProjects', {})).projects.map((p) => p.key)).toEqual(['ORION']);
      expect(kv.reset().reads).toBe(1);
    }
  });
});

/**
 * Jira stops saying "Browse projects" to the viewer while its issue reads still answer (a permission change
 * that reaches the permission check first): only the app's own read rule stands between the stored backlog
 * and the dashboard, so this is what proves `getGadget` checks it.
 */
function browseRevoked(port: RequestJira, accountId: string, revoked: ReadonlySet<string>): RequestJira {
  return async (route, init) => {
    const response = await port(route, init);
    const asked = /^\/rest\/api\/3\/mypermissions\?projectKey=([^&]+)/.exec(route.value);
    if (!asked || !revoked.has(`${accountId}|${decodeURIComponent(asked[1] as string)}`)) return response;
    const body = (await response.json()) as { permissions?: Record<string, { havePermission?: boolean }> };
    const permissions = Object.fromEntries(Object.entries(body.permissions ?? {}).map(([key, p]) => [key, { ...p, havePermission: false }]));
    const text = JSON.stringify({ ...body, permissions });
    const patched: JiraResponse = { status: response.status, headers: response.headers, json: async () => JSON.parse(text) as unknown, text: async () => text };
    return patched;
  };
}

describe("the dashboard gadget when Jira's permission check says no but its issue reads still answer", () => {
  const revoked = new Set<string>();
  let world: World;
  let gadget: ReturnType<typeof gadgetCaller>;
  beforeAll(async () => {
    world = await startWorld({ wrapJira: (port, accountId) => browseRevoked(port, accountId, revoked) });
    gadget = gadgetCaller(createGadgetResolver(world.platform).getDefinitions());
  });
  afterAll(() => world.site.close());

  it('refuses the stored backlog on the permission check alone', async () => {
    const viewer = world.site.users.find((u) => u.email === 'viewer@demo.test')!;
    const first = data(await gadget<GadgetDto | BacklogLoadingDto>(viewer, 'getGadget', { projectKey: 'VEGA' }));
    if (isLoading(first)) await world.platform.idle();
    const shown = data(await gadget<GadgetDto | BacklogLoadingDto>(viewer, 'getGadget', { projectKey: 'VEGA' }));
    if (isLoading(shown)) throw new Error('loaded by now');
    expect(shown.allocation.some((r) => r.plannedPoints > 0)).toBe(true);
    revoked.add(`${viewer.accountId}|VEGA`);
    // A fresh instance: nothing remembered of the viewer's access; the stored backlog is still there.
    world.platform.backlogCache.forget('');
    world.site.clearRequestLog();
    const result = await gadget<GadgetDto>(viewer, 'getGadget', { projectKey: 'VEGA' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(result)).not.toMatch(/VEGA Sprint|Team Vega|plannedPoints/);
    // The refusal came from the permission check, not from Jira refusing a read.
    expect(world.site.requestLog.filter((r) => r.status === 404)).toEqual([]);
    // Once the permission check says yes again, the same call shows the figures: the switch alone refused them.
    revoked.clear();
    world.platform.backlogCache.forget('');
    expect(data(await gadget<GadgetDto | BacklogLoadingDto>(viewer, 'getGadget', { projectKey: 'VEGA' }))).toMatchObject({ projectKey: 'VEGA' });
  });
});
