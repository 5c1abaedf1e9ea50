import { createPanelResolver } from '../../src/resolvers';
import {
  decodeBacklogRow,
  DorGap,
  SUMMARY_MAX,
  RowFlag,
  type BacklogDto,
  type BalanceDto,
  type FillDto,
  type HealthDto,
  type IssueRef,
  type RefinementDto,
  type WhoAmIDto,
} from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

let world: World;
let call: ReturnType<typeof caller>;
const keyOf = (ref: IssueRef, prefix: string) => (typeof ref === 'number' ? `${prefix}-${ref}` : ref);

beforeAll(async () => {
  world = await startWorld();
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());

describe('panel reads, as the PO of ORION', () => {
  it('whoAmI: the PO may plan; the viewer may only read and is told whom to ask', async () => {
    const po = data(await call<WhoAmIDto>(world.site.po, 'whoAmI', {}));
    expect(po).toMatchObject({ displayName: 'Paula Owner (PO)', projectKey: 'ORION', projectName: 'Team Orion', can: { read: true, plan: true, configure: true } });
    const viewer = data(await call<WhoAmIDto>(world.site.users.find((u) => u.email === 'viewer@demo.test')!, 'whoAmI', {}));
    expect(viewer.can).toMatchObject({ read: true, plan: false, configure: false });
    expect(viewer.hint).toMatch(/ORION's administrators/);
  });

  it('whoAmI in a business project that is no train: one line says what the app needs and who sets it up, and no backlog load starts', async () => {
    const inTeam = data(await call<WhoAmIDto>(world.site.po, 'whoAmI', {}));
    expect(inTeam.setupNeeded).toBeNull();
    // ART holds the train's features: its page is the ART view (test/resolvers/art.test.ts) ...
    expect(data(await call<WhoAmIDto>(world.site.po, 'whoAmI', {}, { project: 'ART' }))).toMatchObject({ setupNeeded: null, art: { teams: 3 } });
    // ... until its administrators confirm that no team belongs to it.
    await world.platform.store.artSettings('ART').save({ teams: [], guardrails: {} }, 0, world.site.po.accountId, new Date());
    const who = data(await call<WhoAmIDto>(world.site.po, 'whoAmI', {}, { project: 'ART' }));
    expect(who.projectName).toBe('Aurora Release Train');
    expect(who.setupNeeded).toBe(
      "Backlog balance plans a team's backlog in a Jira Software project with a Scrum board, and Aurora Release Train is a business project: open it from your team's software project (a Jira admin can create one); features kept here count there as program work.",
    );
    // A second user of that project gets the same line.
    const dev = world.site.users.find((u) => u.email === 'dev@demo.test')!;
    expect(data(await call<WhoAmIDto>(dev, 'whoAmI', {}, { project: 'ART' })).setupNeeded).toBe(who.setupNeeded);

    const searches = () => world.site.requestLog.filter((r) => r.path.includes('/search')).length;
    const before = searches();
    const load = await call(world.site.po, 'loadBacklog', {}, { project: 'ART' });
    expect(load).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_CONFIGURED', message: who.setupNeeded }) });
    expect(searches()).toBe(before);
  });

  it('getBacklog: each row names its parent feature (key and summary) and the open sprint it is in, as Jira holds them', async () => {
    const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
    const parents = backlog.parents ?? [];
    const sprints = backlog.sprints ?? [];
    let withParent = 0;
    let inSprint = 0;
    for (const row of backlog.rows) {
      const fields = decodeBacklogRow(row);
      const issue = world.site.view.issue(keyOf(fields.key, backlog.keyPrefix))!;
      if (issue.parentKey === null) expect(fields.parent).toBeNull();
      else {
        withParent++;
        const [parentKey, parentSummary] = parents[fields.parent as number]!;
        expect(parentKey).toBe(issue.parentKey);
        expect(world.site.view.issue(parentKey)!.summary.startsWith(parentSummary.replace(/…$/, ''))).toBe(true);
      }
      const open = issue.sprintIds.map((id) => world.site.view.sprints().find((sp) => sp.id === id)!).filter((sp) => sp.state !== 'closed');
      if (open.length === 0) expect(fields.sprint).toBeNull();
      else {
        inSprint++;
        expect(open.map((sp) => sp.name)).toContain(sprints[fields.sprint as number]);
        expect(fields.flags & RowFlag.IN_SPRINT).toBe(RowFlag.IN_SPRINT);
      }
    }
    expect(withParent).toBeGreaterThan(0);
    expect(inSprint).toBeGreaterThan(0);
    // Each parent and sprint is listed once.
    expect(new Set(parents.map(([k]) => k)).size).toBe(parents.length);
    expect(new Set(sprints).size).toBe(sprints.length);
  });

  it('getBacklog: every open ORION issue once, in the order Apply writes: unscored items in their rank slots, committed stories first in the other slots, then by WSJF', async () => {
    const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
    const keys = backlog.rows.map((r) => keyOf(r[0], backlog.keyPrefix));
    const open = world.site.view.issues().filter((i) => i.projectKey === 'ORION' && world.site.view.statusCategory(i.key) !== 'done' && i.issueType !== 'Feature');
    expect(new Set(keys)).toEqual(new Set(open.map((i) => i.key)));
    expect(new Set(keys).size).toBe(keys.length);

    const committed = backlog.rows.filter((r) => (r[11] & RowFlag.COMMITTED) !== 0);
    expect(committed.length).toBeGreaterThan(0);
    // Unscored items keep their slots (DOMAIN.md, Sort); the other slots hold committed stories, then by WSJF.
    const slotted = backlog.rows.filter((r) => r[9] !== null || (r[11] & RowFlag.COMMITTED) !== 0);
    expect(slotted.slice(0, committed.length)).toEqual(committed);
    const scored = slotted.slice(committed.length).map((r) => r[9] as number);
    expect(scored).toEqual([...scored].sort((a, b) => b - a));
    for (const row of backlog.rows) {
      const [, summary, workType, source, points, bv, tc, rr, js, wsjf, gaps] = row;
      expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
      expect(backlog.workTypes[workType]).toBeDefined();
      expect(['p', 'o', 'l']).toContain(source);
      // The demo site has a Job Size field: an item without it has no job size, whatever its points.
      const size = js;
      if (bv !== null && tc !== null && rr !== null && size) expect(Math.abs((wsjf as number) - (bv + tc + rr) / size)).toBeLessThanOrEqual(0.005 + 1e-9);
      else expect(wsjf).toBeNull();
      if (points === null) expect(gaps & DorGap.NO_ESTIMATE).toBe(DorGap.NO_ESTIMATE);
    }
  });

  it('getBalance: targets follow the allocation, capacity per iteration says where it came from', async () => {
    const balance = data(await call<BalanceDto>(world.site.po, 'getBalance', {}));
    expect(balance.pi.start <= '2026-11-20' && '2026-11-20' <= balance.pi.end).toBe(true);
    expect(balance.allocation).toMatchObject({ version: 0, isDefault: true });
    expect(Object.values(balance.allocation.percents).reduce((a, b) => a + b, 0)).toBe(100);
    for (const it of balance.iterations) {
      expect(it.source).toBe('velocity');
      expect(it.detail).toMatch(/mean of the last 3 sprints/);
      expect(Object.values(it.slices).reduce((a, b) => a + b, 0)).toBe(Math.floor(it.capacity));
    }
    // Each work type's target is the sum of its slices over the PI's iterations, as the fill uses them.
    for (const row of balance.rows) {
      expect(row.targetPoints).toBe(balance.iterations.reduce((sum, it) => sum + (it.slices[row.workType] ?? 0), 0));
    }
    const open = data(await call<BacklogDto>(world.site.po, 'getBacklog', {})).rows.length;
    const mix = balance.sourceMix;
    expect(mix.program.count + mix.otherTeam.count + mix.local.count).toBe(open);
    expect(balance.rows.some((r) => r.donePoints > 0)).toBe(true);
  });

  it('getFill: optimal never costs more than greedy; every planned item is Ready and fits; every other item has a reason', async () => {
    const fill = data(await call<FillDto>(world.site.po, 'getFill', {}));
    expect(fill.iterations.length).toBe(2);
    expect(fill.optimalCost).not.toBeNull();
    expect(fill.optimalCost as number).toBeLessThanOrEqual(fill.greedyCost);
    const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
    const rows = new Map(backlog.rows.map((r) => [keyOf(r[0], backlog.keyPrefix), r]));
    const planned = fill.iterations.flatMap((it) => it.items.map((ref) => keyOf(ref, fill.keyPrefix)));
    for (const it of fill.iterations) {
      const points = it.items.reduce<number>((sum, ref) => sum + (rows.get(keyOf(ref, fill.keyPrefix))?.[4] ?? 0), 0);
      expect(points).toBeLessThanOrEqual(it.capacity);
    }
    for (const key of planned) expect(rows.get(key)?.[10]).toBe(0);
    const leftOut = new Set(fill.leftOut.map((l) => keyOf(l[0], fill.keyPrefix)));
    for (const [key, row] of rows) {
      if ((row[11] & RowFlag.IN_SPRINT) !== 0 && !planned.includes(key) && !leftOut.has(key)) continue; // in the running sprint
      expect(planned.includes(key) || leftOut.has(key)).toBe(true);
    }
    expect(fill.leftOut.every((l) => ['notReady', 'unestimated', 'tooBig', 'tooBigForSlice', 'blocked', 'noCapacity'].includes(l[1]))).toBe(true);
    expect(fill.leftOut.filter((l) => l[1] === 'blocked').every((l) => /waits on/.test(l[2]))).toBe(true);
  });

  it('getFill greedy mode plans exactly the greedy proposal', async () => {
    const fill = data(await call<FillDto>(world.site.po, 'getFill', { mode: 'greedy', iterations: 1 }));
    expect(fill.iterations).toHaveLength(1);
    expect(fill.iterations.map((it) => it.items)).toEqual(fill.greedyItems);
  });

  it('getFill honours the PO\'s pins and exclusions', async () => {
    const first = data(await call<FillDto>(world.site.po, 'getFill', {}));
    const [leftRef] = first.leftOut.find((l) => l[1] === 'noCapacity' || l[1] === 'notReady')!;
    const [plannedRef] = first.iterations[0]!.items as [IssueRef];
    const adjusted = data(
      await call<FillDto>(world.site.po, 'getFill', { pins: [{ key: keyOf(leftRef, 'ORION'), iteration: 1 }], exclude: [keyOf(plannedRef, 'ORION')] }),
    );
    expect(adjusted.iterations[1]!.items[0]).toBe(leftRef);
    expect(adjusted.leftOut.some((l) => l[0] === leftRef)).toBe(false);
    expect(adjusted.iterations.some((it) => it.items.includes(plannedRef))).toBe(false);
    expect(adjusted.leftOut.some((l) => l[0] === plannedRef)).toBe(false);
    const beyond = await call(world.site.po, 'getFill', { pins: [{ key: keyOf(leftRef, 'ORION'), iteration: 4 }] });
    expect(beyond).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'pins.0.iteration' }) });
  });

  it('getRefinement and getHealth give the checklist and the flow figures', async () => {
    const refinement = data(await call<RefinementDto>(world.site.po, 'getRefinement', {}));
    expect(refinement.staleDays).toBe(180);
    expect(refinement.tailCandidates.length).toBeGreaterThan(0);
    expect(refinement.tailCandidates.every((t) => t[2] === 'p' || t[3] > 180)).toBe(true);
    expect(refinement.runway.target).toBe(2);
    expect(refinement.dependencies.every((d) => d[3] !== 'ORION' && d[3] !== 'ART')).toBe(true);
    const health = data(await call<HealthDto>(world.site.po, 'getHealth', {}));
    expect(health.perIteration.length).toBeGreaterThan(0);
    expect(health.throughput).toBeGreaterThan(0);
    expect(health.iterationsToBurn).toBeCloseTo(health.openItems / health.throughput, 6);
  });
});

describe('panel reads refuse what they must', () => {
  it('names the field of an invalid payload', async () => {
    const bad = await call(world.site.po, 'getBalance', { piId: 'PI 1; DROP' });
    expect(bad).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'piId' }) });
    const extra = await call(world.site.po, 'getFill', { iterations: 0 });
    expect(extra).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'iterations' }) });
    const polluted = await call(world.site.po, 'getFill', JSON.parse('{"mode": "greedy", "__proto__": {"admin": true}}'));
    expect(polluted).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', field: '__proto__' }) });
    const unknownPi = await call(world.site.po, 'getBalance', { piId: 'PI-1999.1' });
    expect(unknownPi).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND', field: 'piId' }) });
  });

  it('shows nothing of a project the user cannot browse', async () => {
    for (const fn of ['getBacklog', 'getBalance', 'getRefinement', 'getFill', 'getHealth']) {
      const result = await call(world.site.dev, fn, {}, { project: 'LYRA' });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
      expect(JSON.stringify(result)).not.toMatch(/LYRA-\d/);
    }
  });

  it('refuses a call without a signed-in user', async () => {
    const handler = createPanelResolver(world.platform).getDefinitions();
    const result = await handler({ call: { functionKey: 'getBacklog', payload: {} }, context: { extension: { project: { key: 'ORION' } } } });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
  });
});
