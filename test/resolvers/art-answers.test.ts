/**
 * The ART view's team answers on a warm instance (issue 17, figure 16): each team's answer is derived once per
 * backlog version and inputs (settings, the PI's allocation, the plan, the day) and reused; the team's backlog
 * is refreshed only when due. Any input change gives a new answer; nothing cached reaches a user who cannot
 * browse the team, or another site.
 */
import { createPanelResolver } from '../../src/resolvers';
import { createLocalPlatform, MemoryBacklogCache } from '../../src/platform';
import * as balanceUseCase from '../../src/usecases/balance';
import * as forecastUseCase from '../../src/usecases/forecast';
import { ART_TEAM_REFRESH_MS } from '../../src/usecases/art';
import type { AllocationDto, ArtLoadDto, ArtTeamDto, BalanceDto, ForecastDto } from '../../src/contracts';
import { startDemoSite, type DemoSiteUser } from '../demo-site';
import { caller, data, editInJira, startWorld, type World } from './helpers';

jest.setTimeout(120_000);

const ART = { project: 'ART' };
const START = Date.parse('2026-11-20T09:00:00Z');
let clock = START;
let world: World;
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  world = await startWorld({ teams: 6, scale: 600, now: () => new Date(clock) });
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());
afterEach(() => jest.restoreAllMocks());

/** What the page does: load the teams never loaded for this user, a few at a time. */
async function loadAll(user: DemoSiteUser, callAs = call, platform = world.platform): Promise<void> {
  for (;;) {
    const load = data(await callAs<ArtLoadDto>(user, 'loadArtTeams', {}, ART));
    if (load.jobs.length === 0) return;
    await platform.idle();
    if (load.waiting.length === 0) return;
  }
}

const orion = async (user = world.site.po): Promise<ArtTeamDto> => data(await call<ArtTeamDto>(user, 'getArtTeam', { team: 'ORION' }, ART));

describe('a team of the ART view on a warm instance', () => {
  beforeAll(() => loadAll(world.site.po));

  it('a second open reads nothing from Jira and computes nothing; once the refresh is due it refreshes, and an unchanged backlog keeps its answer', async () => {
    const first = await orion();
    const balance = jest.spyOn(balanceUseCase, 'balance');
    const forecast = jest.spyOn(forecastUseCase, 'forecastOfFill');
    world.site.clearRequestLog();
    expect(await orion()).toEqual(first);
    expect(world.site.requestLog).toEqual([]);
    expect(balance).not.toHaveBeenCalled();
    expect(forecast).not.toHaveBeenCalled();

    clock += ART_TEAM_REFRESH_MS + 1;
    const refreshed = await orion();
    // The incremental refresh asked Jira what changed: nothing, so the answer is the one derived before.
    expect(world.site.requestLog.length).toBeGreaterThan(0);
    expect(balance).not.toHaveBeenCalled();
    expect(forecast).not.toHaveBeenCalled();
    expect({ ...refreshed, loadedAt: first.loadedAt }).toEqual(first);
    expect(Date.parse(refreshed.loadedAt)).toBe(clock);
  });

  it('an edit made in Jira shows once the refresh is due', async () => {
    const before = await orion();
    const [story] = before.stories.filter(([, , points]) => points !== 8);
    expect(story).toBeDefined();
    await editInJira(world.site, story![0], { [world.site.view.pointsFieldId()]: 8 });
    clock += ART_TEAM_REFRESH_MS + 1;
    const after = await orion();
    expect(after.stories.find(([key]) => key === story![0])?.[2]).toBe(8);
  });

  it('an allocation saved on another instance (same store) gives a new answer at once; so does a new day', async () => {
    const before = await orion();
    const other = createLocalPlatform({
      baseUrl: world.site.baseUrl,
      users: world.site.users.map((u) => ({ accountId: u.accountId, email: u.email, apiToken: u.apiToken })),
      kv: world.platform.store.kv,
      now: () => new Date(clock),
    });
    const otherCall = caller(createPanelResolver(other).getDefinitions());
    const balanceDto = data(await otherCall<BalanceDto>(world.site.po, 'getBalance', {}, { project: 'ORION' }));
    const types = balanceDto.workTypes.map((w) => w.id);
    const percents = Object.fromEntries(types.map((id, i) => [id, i === 0 ? 100 - 5 * (types.length - 1) : 5]));
    expect(percents).not.toEqual(before.allocation.percents);
    data(await otherCall<AllocationDto>(world.site.po, 'saveAllocation', { piId: before.pi.id, percents, baseVersion: balanceDto.allocation.version }, { project: 'ORION' }));
    // This instance was told nothing (its cached backlog stays): the saved allocation's version is part of the answer's inputs.
    const after = await orion();
    expect(after.allocation.percents).toEqual(percents);
    expect(after.allocation.isDefault).toBe(false);

    const balance = jest.spyOn(balanceUseCase, 'balance');
    await orion();
    expect(balance).not.toHaveBeenCalled();
    clock += 24 * 3_600_000;
    await orion();
    expect(balance).toHaveBeenCalledTimes(1);
  });

  it("the feature odds are the team's own forecast: a committed feature has the chance the team's Balance shows", async () => {
    const team = await orion();
    const forecast = data(await call<ForecastDto>(world.site.po, 'getForecast', {}, { project: 'ORION' }));
    if (!forecast.available || !team.forecast) throw new Error('ORION has closed sprints: both must have a forecast');
    const program = new Set(team.stories.map(([, feature]) => feature));
    expect(team.forecast.features.map(([key]) => key).sort()).toEqual([...program].sort());
    for (const [, chance] of team.forecast.features) if (chance !== null) expect(chance).toBeGreaterThanOrEqual(0);
    const shared = forecast.features.filter((f) => program.has(f.key));
    expect(shared.length).toBeGreaterThan(0);
    const odds = new Map(team.forecast.features);
    for (const f of shared) expect(odds.get(f.key)).toBe(f.probability);
    expect(team.forecast).toMatchObject({ lowConfidence: forecast.lowConfidence, trials: forecast.trials, sprints: forecast.throughput.length });
  });

  it('a user who cannot browse a team gets nothing of it, even with its answer cached for another user', async () => {
    const lyra = data(await call<ArtTeamDto>(world.site.po, 'getArtTeam', { team: 'LYRA' }, ART));
    expect(lyra.stories.length).toBeGreaterThan(0);
    const refused = await call(world.site.dev, 'getArtTeam', { team: 'LYRA' }, ART);
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    expect(JSON.stringify(refused)).not.toMatch(/LYRA-\d/);
    // Access taken away from the PO: once Jira says so (the access check is remembered for at most a minute), nothing of LYRA either.
    world.site.setProjectPermissions(world.site.po.accountId, 'LYRA', []);
    try {
      world.platform.backlogCache.forget('LYRA|');
      expect(await call(world.site.po, 'getArtTeam', { team: 'LYRA' }, ART)).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    } finally {
      world.site.reset();
    }
  });
});

describe('two sites on one instance', () => {
  it('each site answers from its own data: the same project key, user and versions on another site never share an answer', async () => {
    const shared = new MemoryBacklogCache(32);
    const sites = await Promise.all([7, 8].map((seed) => startDemoSite({ scale: 600, seed, teams: 6, now: new Date('2026-11-20T00:00:00Z') })));
    try {
      const answers: ArtTeamDto[] = [];
      for (const site of sites) {
        const platform = createLocalPlatform({
          baseUrl: site.baseUrl,
          users: site.users.map((u) => ({ accountId: u.accountId, email: u.email, apiToken: u.apiToken })),
          storeDir: 'memory',
          backlogCache: shared,
          now: () => new Date(START),
          retry: { sleep: async () => undefined, maxAttempts: 3 },
        });
        const siteCall = caller(createPanelResolver(platform).getDefinitions());
        await loadAll(site.po, siteCall, platform);
        const answer = data(await siteCall<ArtTeamDto>(site.po, 'getArtTeam', { team: 'ORION' }, ART));
        // Every story as this site holds it.
        for (const [key, feature, , , summary] of answer.stories) expect([site.view.issue(key)?.parentKey, site.view.issue(key)?.summary]).toEqual([feature, summary]);
        answers.push(answer);
        // The developer of this site cannot browse LYRA here, whatever the other site's PO read.
        expect(await siteCall(site.dev, 'getArtTeam', { team: 'LYRA' }, ART)).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
      }
      expect(answers[0]!.stories).not.toEqual(answers[1]!.stories);
    } finally {
      await Promise.all(sites.map((s) => s.close()));
    }
  });
});
