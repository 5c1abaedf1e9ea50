import { createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { BalanceDto, FillDto, ForecastDto, HealthDto, ProjectSettingsDto } from '../../src/contracts';
import { DEMO_PEOPLE } from '../demo-site/seed';
import { caller, data, startWorld, type World } from './helpers';

type Available = Extract<ForecastDto, { available: true }>;

jest.setTimeout(30_000);

let world: World;
let panel: ReturnType<typeof caller>;
let settings: ReturnType<typeof caller>;
beforeAll(async () => {
  world = await startWorld();
  panel = caller(createPanelResolver(world.platform).getDefinitions());
  settings = caller(createSettingsResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());

function available(forecast: ForecastDto): Available {
  if (!forecast.available) throw new Error(`Expected a forecast, got: ${forecast.reason}`);
  return forecast;
}

/** The exact probability that the sum of `draws` samples (each drawn uniformly with replacement) x share reaches `points`. */
function exactCovering(samples: readonly number[], draws: number, points: number, share = 1): number {
  let sums = [0];
  for (let d = 0; d < draws; d++) sums = sums.flatMap((s) => samples.map((x) => s + x * share));
  return sums.filter((s) => s + 1e-9 >= points).length / sums.length;
}

async function setBuffer(pct: number | undefined): Promise<void> {
  const read = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
  const next = { ...read.settings };
  if (pct === undefined) delete next.unplannedBufferPct;
  else next.unplannedBufferPct = pct;
  data(await settings(world.site.po, 'saveProjectSettings', { settings: next, baseVersion: read.version }));
}

describe('forecast of the plan', () => {
  it("draws from the closed sprints' completed points, and each iteration's odds match the exact bootstrap within 1%", async () => {
    const fill = data(await panel<FillDto>(world.site.po, 'getFill', {}));
    const forecast = available(fill.forecast);
    const health = data(await panel<HealthDto>(world.site.po, 'getHealth', {}));
    expect(forecast.throughput).toEqual(health.perIteration.map((it) => it.completedPoints));
    expect(forecast).toMatchObject({ trials: 10_000, lowConfidence: forecast.throughput.length < 6, bufferPct: 0 });
    expect(forecast.iterations.map((it) => it.name)).toEqual(fill.iterations.map((it) => it.name));
    let cumulative = 0;
    forecast.iterations.forEach((it, k) => {
      cumulative += it.plannedPoints;
      expect(Math.abs(it.probability - exactCovering(forecast.throughput, k + 1, cumulative))).toBeLessThan(0.01);
    });
  });

  it('the same request gives the same figures, and the Balance tab sees the same forecast as the Fill tab', async () => {
    const a = data(await panel<FillDto>(world.site.po, 'getFill', { topPoints: 300 }));
    const b = data(await panel<FillDto>(world.site.po, 'getFill', { topPoints: 300 }));
    expect(b.forecast).toEqual(a.forecast);
    expect(data(await panel<ForecastDto>(world.site.po, 'getForecast', { topPoints: 300 }))).toEqual(a.forecast);
  });

  it("the top points: 50% no later than 85% no later than 95%, after the calendar at the team's cadence", async () => {
    const forecast = available(data(await panel<FillDto>(world.site.po, 'getFill', { topPoints: 2000 })).forecast);
    const [p50, p85, p95] = forecast.top.levels.map((l) => l.iteration);
    expect(forecast.top.levels.map((l) => l.level)).toEqual([0.5, 0.85, 0.95]);
    expect(p50!.index).toBeLessThanOrEqual(p85!.index);
    expect(p85!.index).toBeLessThanOrEqual(p95!.index);
    // 2,000 points at ~36 a sprint is far beyond the PI calendar: estimated iterations with dates.
    const mean = forecast.throughput.reduce((s, p) => s + p, 0) / forecast.throughput.length;
    expect(Math.abs(p50!.index - 2000 / mean)).toBeLessThan(3);
    expect(p95).toMatchObject({ estimated: true, name: null, end: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    // More than the backlog holds: no item reaches it.
    expect(forecast.top.backlogPoints).toBeLessThan(2000);
    expect(forecast.top.throughKey).toBeNull();
    const within = available(data(await panel<FillDto>(world.site.po, 'getFill', { topPoints: 100 })).forecast);
    expect(within.top.throughKey).toMatch(/^ORION-\d+$/);
  });

  it("lists the PI's committed stories with where they are, and their features with the odds or why there are none", async () => {
    const forecast = available(data(await panel<FillDto>(world.site.po, 'getFill', {})).forecast);
    expect(forecast.committed.length).toBeGreaterThan(0);
    for (const story of forecast.committed) {
      if (story.where === 'planned' || story.where === 'queued') expect(story.probability).toEqual(expect.any(Number));
      else expect(story.probability).toBeNull();
      expect(story.iteration !== null).toBe(story.where === 'planned');
    }
    for (const feature of forecast.features) {
      expect(feature.probability === null).toBe(feature.notPlanned.length > 0);
    }
  });
});

describe('the unplanned buffer', () => {
  afterAll(() => setBuffer(undefined));

  it('takes its share off each iteration before the slices are cut, and the odds count it out of each draw', async () => {
    const before = data(await panel<FillDto>(world.site.po, 'getFill', {}));
    await setBuffer(10);
    const after = data(await panel<FillDto>(world.site.po, 'getFill', {}));
    after.iterations.forEach((it, i) => {
      const full = before.iterations[i]!.capacity;
      expect(it.buffer).toBeCloseTo(full * 0.1, 6);
      expect(it.capacity).toBeCloseTo(full * 0.9, 6);
      const sliced = Object.values(it.slices).reduce((s, x) => s + x.slice, 0);
      expect(sliced).toBe(Math.floor(it.capacity + 1e-9));
      expect(Object.values(it.slices).reduce((s, x) => s + x.planned, 0)).toBeLessThanOrEqual(it.capacity);
    });
    const forecast = available(after.forecast);
    expect(forecast.bufferPct).toBe(10);
    let cumulative = 0;
    forecast.iterations.forEach((it, k) => {
      cumulative += it.plannedPoints;
      expect(Math.abs(it.probability - exactCovering(forecast.throughput, k + 1, cumulative, 0.9))).toBeLessThan(0.01);
    });
  });

  it("Balance cuts the slices of the PI's open iterations after the buffer and keeps its closed ones as they were", async () => {
    await setBuffer(undefined);
    const before = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
    await setBuffer(20);
    const after = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
    const today = '2026-11-20';
    after.iterations.forEach((it, i) => {
      const was = before.iterations[i]!;
      expect(it.capacity).toBe(was.capacity);
      const sliced = Object.values(it.slices).reduce((s, x) => s + x, 0);
      if (it.end < today) {
        expect(it).toMatchObject({ buffer: 0, slices: was.slices });
      } else {
        expect(it.buffer).toBeCloseTo(was.capacity * 0.2, 6);
        expect(sliced).toBe(Math.floor(was.capacity * 0.8 + 1e-9));
      }
    });
    expect(after.unplanned.bufferPct).toBe(20);
  });

  it('Balance shows per closed sprint what arrived unplanned: created after the sprint started, finished in it', async () => {
    const balance = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
    const health = data(await panel<HealthDto>(world.site.po, 'getHealth', {}));
    expect(balance.unplanned.sprints.map((s) => [s.name, s.completedPoints])).toEqual(health.perIteration.map((it) => [it.name, it.completedPoints]));
    const sprints = new Map(world.site.view.sprints(1).map((sp) => [sp.name, sp]));
    // Delivered: status Done (10001), not Won't Do.
    const orion = world.site.view.issues().filter((i) => i.projectKey === 'ORION' && i.statusId === '10001' && !i.resolution);
    for (const row of balance.unplanned.sprints) {
      const sprint = sprints.get(row.name)!;
      const started = Date.parse(sprint.startDate as string);
      const arrived = orion.filter((i) => Date.parse(i.created) >= started && i.sprintIds.includes(sprint.id));
      // Only in this sprint: surely credited to it; in it and others: perhaps.
      const only = arrived.filter((i) => i.sprintIds.length === 1);
      expect(row.unplannedIssues).toBeGreaterThanOrEqual(only.length);
      expect(row.unplannedIssues).toBeLessThanOrEqual(arrived.length);
      expect(row.unplannedPoints).toBeLessThanOrEqual(row.completedPoints);
    }
    expect(balance.unplanned.sprints.some((s) => s.unplannedPoints > 0)).toBe(true);
  });

  it('is refused outside whole percents 0..50', async () => {
    const read = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
    for (const bad of [60, -5, 12.5]) {
      const refused = await settings(world.site.po, 'saveProjectSettings', { settings: { ...read.settings, unplannedBufferPct: bad }, baseVersion: read.version });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: expect.stringContaining('unplannedBufferPct') } });
    }
  });
});

describe('people: who carries the plan', () => {
  it("shows each member's planned points against their share, flags the overloaded and the unassigned work, people by name", async () => {
    const read = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
    const first = data(await panel<FillDto>(world.site.po, 'getFill', {}));
    const pis = structuredClone(read.settings.pis.length ? read.settings.pis : read.derivedPis);
    const next = pis.flatMap((p) => p.iterations).find((it) => it.id === first.iterations[0]!.id)!;
    next.daysOffByMember = { 'Ada Byron': 4 };
    // Eli is not listed: his planned work shows him as an assignee who is not a team member.
    const members = [{ name: 'Ada Byron', fte: 1 }, { name: 'Ben Okafor', fte: 1 }, { name: 'chen wei', fte: 0.5 }, { name: 'Dara Singh', fte: 1 }];
    data(await settings(world.site.po, 'saveProjectSettings', { settings: { ...read.settings, pis, members }, baseVersion: read.version }));

    for (const user of [world.site.po, world.site.dev]) {
      const fill = data(await panel<FillDto>(user, 'getFill', {}));
      const people = fill.people;
      expect(people.membersSet).toBe(true);
      expect(people.iterations).toEqual(fill.iterations.map((it) => it.name));
      expect(people.rows.slice(0, 4).map((r) => [r.name, r.member])).toEqual(members.map((m) => [m.name, true]));
      const issues = new Map(world.site.view.issues().map((i) => [i.key, i]));
      const person = new Map(DEMO_PEOPLE.map((p) => [p.accountId, p.displayName]));
      fill.iterations.forEach((it, i) => {
        const keys = it.items.map((ref) => (typeof ref === 'number' ? `ORION-${ref}` : ref));
        const expected = new Map<string, { points: number; items: string[] }>();
        for (const key of keys) {
          const issue = issues.get(key)!;
          const name = issue.assigneeId ? person.get(issue.assigneeId)! : '(nobody)';
          const entry = expected.get(name.toLowerCase()) ?? { points: 0, items: [] };
          entry.points += issue.points ?? 0;
          entry.items.push(key);
          expected.set(name.toLowerCase(), entry);
        }
        expect(people.unassigned[i]).toEqual(expected.get('(nobody)') ?? { points: 0, items: [] });
        for (const row of people.rows) {
          const slot = row.perIteration[i]!;
          const want = expected.get(row.name.toLowerCase()) ?? { points: 0, items: [] };
          expect([row.name, slot.planned, slot.items]).toEqual([row.name, want.points, want.items]);
          expect(slot.overloaded).toBe(slot.share !== null && slot.planned > slot.share);
          if (!row.member) expect(slot.share).toBeNull();
        }
        // Members share the capacity for planned work by their available days.
        const shares = people.rows.filter((r) => r.member).map((r) => r.perIteration[i]!.share as number);
        expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(it.capacity, 6);
      });
      // Ada has 4 days off in the next iteration: her share there is smaller than Ben's (both full-time).
      expect(people.rows[0]!.perIteration[0]!.share).toBeLessThan(people.rows[1]!.perIteration[0]!.share as number);
      // Never an account id.
      expect(JSON.stringify(people)).not.toMatch(/712020:/);
    }
  });
});
