/**
 * The ART view's resolvers (issue 17) on a six-team demo train: reads as the user (a team they cannot browse
 * is left out and counted), each team from its saved snapshot and plan (the same plan its PO sees), background
 * loads with per-team progress, and writes with the program project's planners only.
 */
import { createPanelResolver } from '../../src/resolvers';
import { composeTrain, type TrainFeature } from '../../src/domain';
import type { ArtJobDto, ArtLoadDto, ArtSettingsDto, ArtTeamDto, ArtTrainDto, FillDto, IssueRef, JobDto, JobRef, FeatureRerankPreviewDto, WhoAmIDto, WriteOutcomeDto } from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

jest.setTimeout(120_000);

let world: World;
let call: ReturnType<typeof caller>;
const ART = { project: 'ART' };
const TEAMS = ['ORION', 'VEGA', 'LYRA', 'CYGNUS', 'DRACO', 'PHOENIX'];
const dev = () => world.site.users.find((u) => u.email === 'dev@demo.test')!;
const viewer = () => world.site.users.find((u) => u.email === 'viewer@demo.test')!;
const keyOf = (ref: IssueRef, prefix: string) => (typeof ref === 'number' ? `${prefix}-${ref}` : ref);

beforeAll(async () => {
  // 600 issues: the new teams' future sprints hold the seeded late dependency.
  world = await startWorld({ teams: 6, scale: 600 });
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());

/** What the page does: start the loads (a few at a time), wait for them, start the next ones; every job's end state. */
async function loadAll(user = world.site.po): Promise<ArtJobDto[]> {
  const done: ArtJobDto[] = [];
  for (;;) {
    const load = data(await call<ArtLoadDto>(user, 'loadArtTeams', {}, ART));
    expect(load.jobs.length).toBeLessThanOrEqual(2);
    if (load.jobs.length === 0) return done;
    await world.platform.idle();
    done.push(...data(await call<ArtJobDto[]>(user, 'getArtJobs', { jobs: load.jobs }, ART)));
    if (load.waiting.length === 0) return done;
  }
}

function trainOf(train: ArtTrainDto, teams: ArtTeamDto[]) {
  const features: TrainFeature[] = train.features.map(([key, summary, , rank, businessValue, timeCriticality, riskReduction, jobSize]) => ({
    key,
    summary,
    rank,
    wsjfParts: { businessValue, timeCriticality, riskReduction, jobSize },
    storyPoints: [],
  }));
  return composeTrain(teams, features, train.settings.guardrails);
}

describe('the ART view, read as the user', () => {
  it('whoAmI in the program project says it is a train (the ART view), not the one setup line', async () => {
    const who = data(await call<WhoAmIDto>(world.site.po, 'whoAmI', {}, ART));
    expect(who).toMatchObject({ projectKey: 'ART', setupNeeded: null, art: { teams: 6 } });
    // A team project stays a team project.
    expect(data(await call<WhoAmIDto>(world.site.po, 'whoAmI', {})).art).toBeUndefined();
  });

  it('the teams are detected from the features stories; nothing is loaded yet; the features come in rank order', async () => {
    const train = data(await call<ArtTrainDto>(world.site.po, 'getArtTrain', {}, ART));
    expect(train.teams.map((t) => t.key).sort()).toEqual([...TEAMS].sort());
    expect(train).toMatchObject({ programKey: 'ART', programName: 'Aurora Release Train', hiddenTeams: 0, detected: true });
    expect(train.teams.every((t) => !t.loaded)).toBe(true);
    const openFeatures = world.site.view.rankOrder('ART').filter((k) => world.site.view.statusCategory(k) !== 'done');
    expect(train.features.map((f) => f[0])).toEqual(openFeatures);
    const notLoaded = await call(world.site.po, 'getArtTeam', { team: 'ORION' }, ART);
    expect(notLoaded).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_CONFIGURED', message: expect.stringMatching(/not been loaded/) }) });
  });

  it('a team never loaded is loaded in a background job with per-team progress; then each team answers from its snapshot', async () => {
    const jobs = await loadAll();
    expect(jobs.map((j) => j.team).sort()).toEqual([...TEAMS].sort());
    for (const job of jobs) expect(job).toMatchObject({ kind: 'load', state: 'done' });
    expect(jobs.every((j) => j.total > 0 && j.done === j.total)).toBe(true);
    const train = data(await call<ArtTrainDto>(world.site.po, 'getArtTrain', {}, ART));
    expect(train.teams.every((t) => t.loaded)).toBe(true);
    // Loaded teams need no second load.
    expect(data(await call<ArtLoadDto>(world.site.po, 'loadArtTeams', {}, ART))).toEqual({ jobs: [], waiting: [] });
  });

  it("a team's stories sit where that team's own plan (its PO's Iteration fill) or its sprint puts them", async () => {
    const orion = data(await call<ArtTeamDto>(world.site.po, 'getArtTeam', { team: 'ORION' }, ART));
    const fill = data(await call<FillDto>(world.site.po, 'getFill', {}, { project: 'ORION' }));
    expect(orion.stories.length).toBeGreaterThan(0);
    for (const [key, feature] of orion.stories) {
      expect(key.startsWith('ORION-')).toBe(true);
      expect(world.site.view.issue(key)?.parentKey).toBe(feature);
    }
    const planned = new Map(fill.iterations.flatMap((it) => it.items.map((ref) => [keyOf(ref, fill.keyPrefix), it.id] as const)));
    const fromPlan = orion.stories.filter(([key]) => planned.has(key));
    expect(fromPlan.length).toBeGreaterThan(0);
    for (const [key, , , iteration] of fromPlan) {
      const sprint = world.site.view.issue(key)?.sprintIds.at(-1);
      if (sprint === undefined) expect(iteration).toBe(planned.get(key));
    }
    // Capacity and load per iteration; the allocation is the one ORION's Balance shows.
    expect(orion.iterations.length).toBeGreaterThan(0);
    expect(orion.iterations.some((it) => it.capacity > 0 && it.planned > 0)).toBe(true);
    expect(orion.allocation.rows.length).toBeGreaterThan(0);
  });

  it('composed: features span teams, and the cross-team board holds the late CYGNUS > DRACO dependency and the three-team cycle', async () => {
    await loadAll();
    const train = data(await call<ArtTrainDto>(world.site.po, 'getArtTrain', {}, ART));
    const teams = await Promise.all(train.teams.map(async (t) => data(await call<ArtTeamDto>(world.site.po, 'getArtTeam', { team: t.key }, ART))));
    const composed = trainOf(train, teams);
    expect(composed.features.some((f) => f.teams.length >= 2)).toBe(true);
    const states = new Set(composed.dependencies.map((d) => d.state));
    for (const state of ['late', 'cycle', 'unplanned']) expect(states.has(state as never)).toBe(true);
    const late = composed.dependencies.filter((d) => d.state === 'late' && d.blocker.team === 'CYGNUS' && d.dependent.team === 'DRACO');
    expect(late.length).toBeGreaterThanOrEqual(1);
    const cycle = composed.dependencies.filter((d) => d.state === 'cycle').map((d) => `${d.blocker.team}>${d.dependent.team}`);
    expect(cycle).toEqual(expect.arrayContaining(['CYGNUS>DRACO', 'DRACO>PHOENIX', 'PHOENIX>CYGNUS']));
    // Blocks cross teams in both directions.
    const pairs = new Set(composed.dependencies.map((d) => `${d.blocker.team}>${d.dependent.team}`));
    expect(pairs.has('DRACO>CYGNUS') && pairs.has('CYGNUS>DRACO')).toBe(true);
  });

  it('a user who cannot browse LYRA: LYRA is left out and counted, never named, and asking for it is refused', async () => {
    const who = data(await call<WhoAmIDto>(dev(), 'whoAmI', {}, ART));
    expect(who.art).toEqual({ teams: 5 });
    const train = data(await call<ArtTrainDto>(dev(), 'getArtTrain', {}, ART));
    expect(train.teams.map((t) => t.key).sort()).toEqual(TEAMS.filter((t) => t !== 'LYRA').sort());
    expect(train.hiddenTeams).toBe(1);
    expect(JSON.stringify(train)).not.toMatch(/LYRA/);
    await loadAll(dev());
    const teams = await Promise.all(train.teams.map(async (t) => data(await call<ArtTeamDto>(dev(), 'getArtTeam', { team: t.key }, ART))));
    // Links into LYRA are Jira's to hide: none reaches the developer.
    expect(JSON.stringify(teams)).not.toMatch(/LYRA/);
    expect(await call(dev(), 'getArtTeam', { team: 'LYRA' }, ART)).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    expect(await call(dev(), 'getArtJobs', { jobs: [{ team: 'LYRA', jobId: 'x1' }] }, ART)).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    // The PO sees LYRA's stories where the developer sees none.
    const composedDev = trainOf(train, teams);
    expect(composedDev.features.flatMap((f) => f.teams.map((t) => t.team))).not.toContain('LYRA');
  });
});

describe('the ART view, writes with the program project planners', () => {
  it('team list and guardrails: the RTE saves them (validated, versioned); the developer and the viewer are refused', async () => {
    const guardrails = { enabler: { min: 15, max: null }, techDebt: { min: 5, max: 30 } };
    for (const user of [dev(), viewer()]) {
      expect(await call(user, 'saveArtSettings', { detectTeams: true, teams: [], guardrails, baseVersion: 0 }, ART)).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    }
    const bad = await call(world.site.po, 'saveArtSettings', { detectTeams: true, teams: [], guardrails: { enabler: { min: 40, max: 20 } }, baseVersion: 0 }, ART);
    expect(bad).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/minimum 40%/) }) });
    const saved = data(await call<ArtSettingsDto>(world.site.po, 'saveArtSettings', { detectTeams: false, teams: ['ORION', 'VEGA', 'CYGNUS'], guardrails, baseVersion: 0 }, ART));
    expect(saved).toEqual({ teams: ['ORION', 'VEGA', 'CYGNUS'], guardrails, version: 1 });
    const stale = await call(world.site.po, 'saveArtSettings', { detectTeams: true, teams: [], guardrails, baseVersion: 0 }, ART);
    expect(stale).toEqual({ ok: false, error: expect.objectContaining({ code: 'STALE' }) });
    const train = data(await call<ArtTrainDto>(world.site.po, 'getArtTrain', {}, ART));
    expect(train.teams.map((t) => t.key)).toEqual(['ORION', 'VEGA', 'CYGNUS']);
    expect(train.detected).toBe(false);
    // Guardrails flag a team's saved allocation, never change it.
    const teams = await Promise.all(train.teams.map(async (t) => data(await call<ArtTeamDto>(world.site.po, 'getArtTeam', { team: t.key }, ART))));
    const flagged = trainOf(train, teams).allocation.teams.filter((t) => t.breaches.length > 0);
    for (const t of flagged) expect(t.breaches.every((b) => (b.kind === 'belowMin' ? b.share < (b.min as number) : b.share > (b.max as number)))).toBe(true);
    // Back to detection.
    data(await call<ArtSettingsDto>(world.site.po, 'saveArtSettings', { detectTeams: true, teams: [], guardrails, baseVersion: 1 }, ART));
  });

  it('feature scores: written to the feature in Jira by the RTE; refused for the developer and for an issue of another project', async () => {
    const train = data(await call<ArtTrainDto>(world.site.po, 'getArtTrain', {}, ART));
    const key = train.features[0]![0];
    expect(await call(dev(), 'scoreFeatures', { items: [{ key, businessValue: 13 }] }, ART)).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    expect(await call(world.site.po, 'scoreFeatures', { items: [{ key: 'ORION-1', businessValue: 13 }] }, ART)).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT' }) });
    const outcome = data(await call<WriteOutcomeDto>(world.site.po, 'scoreFeatures', { items: [{ key, businessValue: 13, timeCriticality: 8, riskReduction: 5, jobSize: 2 }] }, ART));
    expect(outcome.changed).toEqual([key]);
    expect(world.site.view.issue(key)).toMatchObject({ businessValue: 13, timeCriticality: 8, riskReduction: 5, jobSize: 2 });
    const again = data(await call<ArtTrainDto>(world.site.po, 'getArtTrain', {}, ART));
    expect(again.features.find((f) => f[0] === key)?.slice(4)).toEqual([13, 8, 5, 2]);
  });

  it('feature re-rank: a preview of every move, confirmed as a job that writes exactly that order; refused when a score changed since', async () => {
    const scored = data(await call<ArtTrainDto>(world.site.po, 'getArtTrain', {}, ART)).features.slice(0, 4).map((f) => f[0]);
    // The lowest-ranked of them gets the highest WSJF: it must move up.
    data(await call(world.site.po, 'scoreFeatures', { items: scored.map((key, i) => ({ key, businessValue: [1, 2, 3, 20][i], timeCriticality: 1, riskReduction: 1, jobSize: 1 })) }, ART));
    expect(await call(dev(), 'previewFeatureRerank', {}, ART)).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    const stalePreview = data(await call<FeatureRerankPreviewDto>(world.site.po, 'previewFeatureRerank', {}, ART));
    data(await call(world.site.po, 'scoreFeatures', { items: [{ key: scored[0]!, businessValue: 13 }] }, ART));
    expect(await call(world.site.po, 'applyFeatureRerank', { token: stalePreview.token }, ART)).toEqual({ ok: false, error: expect.objectContaining({ code: 'STALE' }) });

    const preview = data(await call<FeatureRerankPreviewDto>(world.site.po, 'previewFeatureRerank', {}, ART));
    expect(preview.moves.map(([ref]) => keyOf(ref, preview.keyPrefix))).toContain(scored[3]);
    const job = data(await call<JobRef>(world.site.po, 'applyFeatureRerank', { token: preview.token }, ART));
    await world.platform.idle();
    expect(data(await call<JobDto>(world.site.po, 'getJob', { jobId: job.jobId }, ART))).toMatchObject({ kind: 'rerank', state: 'done', failed: [] });
    const order = world.site.view.rankOrder('ART');
    expect(order.indexOf(scored[3]!)).toBeLessThan(order.indexOf(scored[1]!));
    expect(data(await call<FeatureRerankPreviewDto>(world.site.po, 'previewFeatureRerank', {}, ART)).moves).toEqual([]);
  });
});
