/** The program level (docs/domain.md "Program level (the ART view)"): teams, feature forecast, guardrails, dependencies, load. */
import {
  artAllocationTotals,
  columnOf,
  composeTrain,
  type TrainTeam,
  dependencyStates,
  detectArtTeams,
  featureRerankOrder,
  DomainError,
  featureForecast,
  guardrailBreaches,
  iterationLoad,
  rankFeatures,
  validateGuardrails,
  type ArtDependency,
  type DatedIteration,
} from '../../src/domain';

const it1: DatedIteration = { id: 'o1', name: 'ORION 1', start: '2026-11-02', end: '2026-11-15' };
const it2: DatedIteration = { id: 'o2', name: 'ORION 2', start: '2026-11-16', end: '2026-11-29' };
const it3: DatedIteration = { id: 'o3', name: 'ORION 3', start: '2026-11-30', end: '2026-12-13' };
// Another team's cadence, offset by a week.
const v1: DatedIteration = { id: 'v1', name: 'VEGA 1', start: '2026-11-09', end: '2026-11-22' };
const PI_END = '2026-11-29';

describe('teams of the ART', () => {
  test('team projects holding stories under features of the program project, most stories first; other parents ignored', () => {
    const teams = detectArtTeams('ART', [
      { projectKey: 'ORION', parentProjectKey: 'ART' },
      { projectKey: 'VEGA', parentProjectKey: 'ART' },
      { projectKey: 'VEGA', parentProjectKey: 'ART' },
      { projectKey: 'LYRA', parentProjectKey: 'OTHER' },
      { projectKey: 'LYRA', parentProjectKey: null },
      { projectKey: 'ART', parentProjectKey: 'ART' },
    ]);
    expect(teams).toEqual([
      { projectKey: 'VEGA', stories: 2 },
      { projectKey: 'ORION', stories: 1 },
    ]);
  });
});

describe('feature forecast', () => {
  const story = (key: string, over: Partial<Parameters<typeof featureForecast>[0][number]> = {}) => ({
    key,
    teamKey: 'ORION',
    points: 3 as number | null,
    done: false,
    iteration: it1 as DatedIteration | null,
    ...over,
  });

  test('the iteration of its last planned story, by date across teams, no flag when inside the PI', () => {
    const f = featureForecast([story('O-1', { iteration: it1 }), story('V-1', { teamKey: 'VEGA', iteration: v1 }), story('O-2', { iteration: it2 })], PI_END);
    expect(f.iteration).toEqual(it2);
    expect(f.flags).toEqual([]);
    expect(f.teams).toEqual(['ORION', 'VEGA']);
  });

  test('flagged beyond the PI when any story is planned after its end', () => {
    const f = featureForecast([story('O-1'), story('O-3', { iteration: it3 })], PI_END);
    expect(f.iteration).toEqual(it3);
    expect(f.flags).toEqual(['beyondPi']);
  });

  test('flagged unplanned and unsized: an open story left out, an open story without estimate; done stories count as done', () => {
    const f = featureForecast(
      [story('O-1'), story('O-2', { iteration: null }), story('O-4', { points: null }), story('O-5', { done: true, iteration: null, points: null })],
      PI_END,
    );
    expect(f.flags).toEqual(['unplanned', 'unsized']);
    expect(f.iteration).toEqual(it1);
    expect(f.openStories).toBe(3);
    expect(f.doneStories).toBe(1);
  });

  test('every story done: done, no iteration; no story at all: no stories flag', () => {
    expect(featureForecast([story('O-1', { done: true })], PI_END)).toMatchObject({ iteration: null, flags: [], done: true });
    expect(featureForecast([], PI_END)).toMatchObject({ iteration: null, flags: ['noStories'], done: false });
  });
});

describe('ART guardrails', () => {
  test('valid: whole shares 0..100, min <= max, the minimums leave room (sum <= 100)', () => {
    expect(() => validateGuardrails({ enabler: { min: 15, max: null }, techDebt: { min: 10, max: 30 } })).not.toThrow();
    expect(() => validateGuardrails({ enabler: { min: 40, max: 20 } })).toThrow(/enabler.*minimum 40%.*maximum 20%/);
    expect(() => validateGuardrails({ enabler: { min: 15.5, max: null } })).toThrow(DomainError);
    expect(() => validateGuardrails({ enabler: { min: 60, max: null }, techDebt: { min: 50, max: null } })).toThrow(/110%/);
  });

  test('a saved allocation outside a guardrail is flagged, one breach per rule broken; inside is not', () => {
    const guardrails = { enabler: { min: 15, max: null }, techDebt: { min: 10, max: 20 } };
    expect(guardrailBreaches({ feature: 70, enabler: 10, techDebt: 20 }, guardrails)).toEqual([{ workType: 'enabler', share: 10, min: 15, max: null, kind: 'belowMin' }]);
    expect(guardrailBreaches({ feature: 45, enabler: 30, techDebt: 25 }, guardrails)).toEqual([{ workType: 'techDebt', share: 25, min: 10, max: 20, kind: 'aboveMax' }]);
    expect(guardrailBreaches({ feature: 75, enabler: 15, techDebt: 10 }, guardrails)).toEqual([]);
    // A type the allocation does not name has 0%.
    expect(guardrailBreaches({ feature: 100 }, { enabler: { min: 15, max: null } })).toEqual([{ workType: 'enabler', share: 0, min: 15, max: null, kind: 'belowMin' }]);
  });
});

describe('dependency states', () => {
  const dep = (blocker: string, dependent: string, b: DatedIteration | null, d: DatedIteration | null, over: Partial<ArtDependency> = {}): ArtDependency => ({
    blocker: { key: blocker, teamKey: blocker.split('-')[0] as string, iteration: b, done: false },
    dependent: { key: dependent, teamKey: dependent.split('-')[0] as string, iteration: d, done: false },
    ...over,
  });

  test('on time when the blocker ends on or before the dependent starts, by date across cadences', () => {
    expect(dependencyStates([dep('ORION-1', 'VEGA-1', it1, it2)])[0]?.state).toBe('onTime');
    // ORION 1 ends 11-15, VEGA 1 starts 11-09 and ends 11-22: risky.
    expect(dependencyStates([dep('ORION-1', 'VEGA-1', it1, v1)])[0]?.state).toBe('sameIteration');
    expect(dependencyStates([dep('ORION-1', 'ORION-2', it1, it1)])[0]?.state).toBe('sameIteration');
  });

  test('late when the blocker ends after the dependent ends; unplanned when either side is not planned', () => {
    expect(dependencyStates([dep('ORION-3', 'VEGA-1', it3, v1)])[0]?.state).toBe('late');
    expect(dependencyStates([dep('ORION-1', 'VEGA-1', null, v1)])[0]?.state).toBe('unplanned');
    expect(dependencyStates([dep('ORION-1', 'VEGA-1', it1, null)])[0]?.state).toBe('unplanned');
  });

  test('a done blocker is on time whatever the plan says', () => {
    expect(dependencyStates([dep('ORION-1', 'VEGA-1', null, v1, { blocker: { key: 'ORION-1', teamKey: 'ORION', iteration: null, done: true } })])[0]?.state).toBe('onTime');
  });

  test('every link of a blocking loop is a cycle (before any date rule), links outside it are not', () => {
    const states = dependencyStates([
      dep('ORION-1', 'VEGA-1', it1, it2),
      dep('VEGA-1', 'LYRA-1', it2, it3),
      dep('LYRA-1', 'ORION-1', it3, it1),
      dep('LYRA-1', 'VEGA-9', it3, it3),
      dep('VEGA-5', 'VEGA-5', it1, it1),
    ]);
    expect(states.map((s) => s.state)).toEqual(['cycle', 'cycle', 'cycle', 'sameIteration', 'cycle']);
  });
});

describe('capacity and load', () => {
  test('planned over capacity as a whole percentage; no capacity: no percentage', () => {
    expect(iterationLoad(40, 30)).toEqual({ capacity: 40, planned: 30, loadPercent: 75 });
    expect(iterationLoad(30, 45)).toEqual({ capacity: 30, planned: 45, loadPercent: 150 });
    expect(iterationLoad(0, 5)).toEqual({ capacity: 0, planned: 5, loadPercent: null });
  });
});

describe('allocation across the train', () => {
  test('ART totals: points summed per work type, the target share weighted by each team capacity', () => {
    const totals = artAllocationTotals([
      { capacity: 100, percents: { feature: 80, enabler: 20 }, planned: { feature: 70, enabler: 10 }, done: { feature: 20 } },
      { capacity: 50, percents: { feature: 50, enabler: 50 }, planned: { feature: 20, enabler: 30 }, done: { enabler: 5 } },
    ]);
    expect(totals).toEqual([
      { workType: 'feature', targetPercent: 70, plannedPoints: 90, plannedPercent: 69, donePoints: 20 },
      { workType: 'enabler', targetPercent: 30, plannedPoints: 40, plannedPercent: 31, donePoints: 5 },
    ]);
  });
});

describe('feature WSJF', () => {
  const feature = (key: string, rank: number, parts: Partial<Parameters<typeof rankFeatures>[0][number]['wsjfParts']> = {}, storyPoints: (number | null)[] = []) => ({
    key,
    rank,
    wsjfParts: { businessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: null, ...parts },
    storyPoints,
  });

  test('job size is the feature size field, else the sum of its stories points; ranked by WSJF as stories are, unscored last by rank', () => {
    const ranked = rankFeatures([
      feature('ART-1', 0, { jobSize: 5 }), // 10 / 5 = 2
      feature('ART-2', 1, {}, [3, 2, null]), // 10 / 5 = 2, tie on CoD and size: rank
      feature('ART-3', 2, { jobSize: 2 }), // 5
      feature('ART-4', 3, { businessValue: null, jobSize: 5 }), // unscored: no business value
      feature('ART-5', 4, {}, []), // no size
    ]);
    expect(ranked.map((f) => [f.key, f.jobSize, f.wsjf])).toEqual([
      ['ART-3', 2, 5],
      ['ART-1', 5, 2],
      ['ART-2', 5, 2],
      ['ART-4', 5, null],
      ['ART-5', null, null],
    ]);
    expect(ranked[0]?.costOfDelay).toBe(10);
    expect(ranked[3]?.costOfDelay).toBeNull();
  });

  test('a re-rank keeps unscored features in their rank slots and sorts the scored ones into the others', () => {
    expect(
      featureRerankOrder([
        feature('ART-1', 0, { businessValue: null, jobSize: 5 }), // unscored, stays first
        feature('ART-2', 1, { jobSize: 10 }), // 1
        feature('ART-3', 2, { jobSize: 2 }), // 5
        feature('ART-4', 3, {}, []), // unscored: no size
        feature('ART-5', 4, { jobSize: 5 }), // 2
      ]),
    ).toEqual(['ART-1', 'ART-3', 'ART-5', 'ART-4', 'ART-2']);
  });
});

describe('the train composed from its teams', () => {
  const team = (name: string, iterations: DatedIteration[], over: Partial<TrainTeam>): TrainTeam => ({
    team: name,
    pi: { start: '2026-11-02', end: PI_END },
    iterations: iterations.map((it) => ({ ...it, capacity: 20, planned: 10 })),
    stories: [],
    links: [],
    allocation: { percents: { feature: 90, enabler: 10 }, rows: [{ workType: 'feature', plannedPoints: 10, donePoints: 2 }] },
    ...over,
  });
  const orion = team('ORION', [it1, it2, it3], {
    stories: [['ORION-1', 'ART-1', 3, 'o3', 'a'], ['ORION-2', 'ART-1', null, 'o1', 'b']],
    links: [['ORION-1', 'o3', 'VEGA-1', 'blocks'], ['ORION-2', 'o1', 'LYRA-1', 'blocks']],
  });
  const vega = team('VEGA', [v1], { stories: [['VEGA-1', 'ART-1', 5, 'v1', 'c']], links: [['VEGA-1', 'v1', 'ORION-1', 'blockedBy']], allocation: { percents: { feature: 80, enabler: 20 }, rows: [] } });

  test('one dependency per link seen from both teams, its state by date; a link to a team not in the train (or hidden) is left out', () => {
    const train = composeTrain([orion, vega], [], {});
    expect(train.dependencies).toEqual([
      { blocker: { key: 'ORION-1', team: 'ORION', iteration: it3 }, dependent: { key: 'VEGA-1', team: 'VEGA', iteration: v1 }, state: 'late', features: ['ART-1'] },
    ]);
  });

  test('features: WSJF with the stories points as job size, the forecast from the stories iterations, per team the iterations', () => {
    const train = composeTrain([orion, vega], [{ key: 'ART-1', summary: 'Checkout', rank: 0, wsjfParts: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: null }, storyPoints: [] }], {});
    const [feature] = train.features;
    expect(feature).toMatchObject({ key: 'ART-1', jobSize: 8, wsjf: 2, summary: 'Checkout' });
    expect(feature?.forecast).toMatchObject({ iteration: it3, flags: ['beyondPi', 'unsized'] });
    expect(feature?.teams).toEqual([
      { team: 'ORION', stories: 2, iterations: ['ORION 1', 'ORION 3'] },
      { team: 'VEGA', stories: 1, iterations: ['VEGA 1'] },
    ]);
  });

  test("features: the chance each is done by the PI's end, the product of its teams' parts; unknown when a part is not planned or a team has no history", () => {
    const features = ['ART-1', 'ART-2', 'ART-3'].map((key, rank) => ({ key, summary: key, rank, wsjfParts: { businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null }, storyPoints: [] }));
    const withStories = (t: TrainTeam, more: TrainTeam['stories']) => ({ ...t, stories: [...t.stories, ...more] });
    const o = withStories({ ...orion, forecast: { lowConfidence: false, features: [['ART-1', 0.5], ['ART-2', 0.9], ['ART-3', null]] } }, [['ORION-3', 'ART-2', 2, 'o1', 'x'], ['ORION-4', 'ART-3', 2, null, 'y']]);
    const v = { ...vega, forecast: { lowConfidence: true, features: [['ART-1', 0.8]] as const } };
    const odds = (train: ReturnType<typeof composeTrain>) => Object.fromEntries(train.features.map((f) => [f.key, f.odds]));
    const both = odds(composeTrain([o, v], features, {}));
    // ART-1: ORION's part 50%, VEGA's 80% (VEGA learns from few sprints: the feature is low confidence too).
    expect(both['ART-1']?.probability).toBeCloseTo(0.4);
    expect(both['ART-1']).toMatchObject({ lowConfidence: true, gap: null });
    // ART-2: ORION alone carries it.
    expect(both['ART-2']).toEqual({ probability: 0.9, lowConfidence: false, gap: null });
    expect(both['ART-3']).toEqual({ probability: null, lowConfidence: false, gap: 'notPlanned' });
    // VEGA without a closed sprint: nothing can be told of a feature it carries; ORION's own ones keep their chance.
    const noHistory = odds(composeTrain([o, { ...v, forecast: null }], features, {}));
    expect(noHistory['ART-1']).toEqual({ probability: null, lowConfidence: false, gap: 'noHistory' });
    expect(noHistory['ART-2']?.probability).toBe(0.9);
  });

  test('allocation: guardrail breaches per team, totals over the train; load per iteration; board columns by date', () => {
    const train = composeTrain([orion, vega], [], { enabler: { min: 15, max: null } });
    expect(train.allocation.teams.map((t) => [t.team, t.breaches.map((b) => b.kind)])).toEqual([
      ['ORION', ['belowMin']],
      ['VEGA', []],
    ]);
    expect(train.load[0]?.iterations[0]).toMatchObject({ capacity: 20, planned: 10, loadPercent: 50 });
    expect(columnOf(train.columns, v1)).toBe(0);
    expect(columnOf(train.columns, { ...v1, start: '2026-11-20' })).toBe(1);
    expect(columnOf(train.columns, null)).toBeNull();
  });
});
