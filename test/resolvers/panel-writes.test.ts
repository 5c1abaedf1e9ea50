import { createLocalPlatform } from '../../src/platform';
import { createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type {
  AllocationDto,
  AllocationHistoryDto,
  BacklogDto,
  FillDto,
  BalanceDto,
  CommitFillPreviewDto,
  IssueRef,
  JobDto,
  JobRef,
  ProjectSettingsDto,
  RefinementDto,
  RerankPreviewDto,
  SplitResultDto,
  TrimPreviewDto,
  WriteOutcomeDto,
  WsjfScoreResultDto,
} from '../../src/contracts';
import { decodeBacklogRow, RowFlag } from '../../src/contracts';
import { caller, data, forgetLoadedBacklogs, startWorld, type World } from './helpers';

let world: World;
let call: ReturnType<typeof caller>;
const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);
const viewer = () => world.site.users.find((u) => u.email === 'viewer@demo.test')!;

beforeAll(async () => {
  world = await startWorld();
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());
beforeEach(async () => {
  world.site.reset();
  await forgetLoadedBacklogs(world.platform);
  // The sprints are as seeded again: a plan an earlier test committed to them no longer holds.
  await world.platform.store.kv.delete('proj:ORION:fill-committed');
});

async function finish(jobRef: JobRef): Promise<JobDto> {
  await world.platform.idle();
  return data(await call<JobDto>(world.site.po, 'getJob', { jobId: jobRef.jobId }));
}

describe('allocation', () => {
  it("slices an iteration of the next PI by the next PI's allocation, not the current one's", async () => {
    // A PI calendar whose current PI is followed by another one, three months on.
    const settingsCall = caller(createSettingsResolver(world.platform).getDefinitions());
    const read = data(await settingsCall<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
    const current = data(await call<BalanceDto>(world.site.po, 'getBalance', {})).pi;
    const shift = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 91 * 86_400_000).toISOString().slice(0, 10);
    const pis = structuredClone(read.derivedPis);
    const model = pis.find((p) => p.id === current.id)!;
    const following = {
      id: `${model.id}-next`,
      name: `${model.name} next`,
      start: shift(model.start),
      end: shift(model.end),
      iterations: model.iterations.map((it) => ({ ...it, id: `${it.id}-next`, name: `${it.name} next`, start: shift(it.start), end: shift(it.end), sprintId: null })),
    };
    const saved = data(await settingsCall<{ version: number }>(world.site.po, 'saveProjectSettings', { settings: { ...read.settings, pis: [...pis, following] }, baseVersion: read.version }));
    expect(saved.version).toBeGreaterThan(read.version);
    const balance = data(await call<BalanceDto>(world.site.po, 'getBalance', { piId: current.id }));
    const next = balance.pis.find((p) => p.id === following.id);
    expect(next).toBeDefined();
    const percents = { feature: 0, enabler: 0, maintenance: 100, techDebt: 0, improvement: 0 };
    data(await call<AllocationDto>(world.site.po, 'saveAllocation', { piId: next!.id, percents, baseVersion: 0 }));
    const fill = data(await call<FillDto>(world.site.po, 'getFill', { piId: current.id, iterations: 6 }));
    const inNext = fill.iterations.filter((it) => it.start >= next!.start);
    const inThis = fill.iterations.filter((it) => it.start < next!.start);
    expect(inNext.length).toBeGreaterThan(0);
    expect(inThis.length).toBeGreaterThan(0);
    for (const it of inNext) expect(it.slices.maintenance?.slice).toBe(Math.floor(it.capacity));
    expect(inThis.some((it) => (it.slices.feature?.slice ?? 0) > 0)).toBe(true);
    // Back to the derived calendar for the tests that follow.
    data(await settingsCall(world.site.po, 'saveProjectSettings', { settings: read.settings, baseVersion: saved.version }));
  });

  it('saves per PI with versions; a stale save is refused and both attempts stay in the history', async () => {
    const balance = data(await call<BalanceDto>(world.site.po, 'getBalance', {}));
    const piId = balance.pi.id;
    const percents = { feature: 50, enabler: 20, maintenance: 10, techDebt: 15, improvement: 5 };
    const saved = data(await call<AllocationDto>(world.site.po, 'saveAllocation', { piId, percents, baseVersion: 0 }));
    expect(saved).toMatchObject({ version: 1, isDefault: false, percents });

    const stale = await call(world.site.po, 'saveAllocation', { piId, percents: { ...percents, feature: 40, techDebt: 25 }, baseVersion: 0 });
    expect(stale).toEqual({ ok: false, error: expect.objectContaining({ code: 'STALE', message: expect.stringMatching(/changed by someone else.*reload/) }) });

    const after = data(await call<BalanceDto>(world.site.po, 'getBalance', { piId }));
    expect(after.allocation).toMatchObject({ version: 1, percents });
    expect(after.rows.find((r) => r.workType === 'techDebt')?.targetPct).toBe(15);

    data(await call(world.site.po, 'saveAllocation', { piId, percents: { ...percents, feature: 45, techDebt: 20 }, baseVersion: 1 }));
    const history = data(await call<AllocationHistoryDto>(world.site.po, 'getAllocationHistory', { piId }));
    expect(history.entries.map((e) => [e.version, e.percents.feature])).toEqual([[2, 45], [1, 50]]);
    expect(history.rejected.map((r) => [r.percents.feature, r.baseVersion, r.currentVersion])).toEqual([[40, 0, 1]]);
    const all = data(await call<AllocationHistoryDto>(world.site.po, 'getAllocationHistory', {}));
    expect(all.rejected).toEqual(history.rejected);
  });

  it('refuses a share that does not add up to 100, an unknown work type, and a viewer', async () => {
    const piId = data(await call<BalanceDto>(world.site.po, 'getBalance', {})).pi.id;
    const before = await world.platform.store.allocation('ORION', piId).history();
    const short = await call(world.site.po, 'saveAllocation', { piId, percents: { feature: 60, enabler: 30 }, baseVersion: 0 });
    expect(short).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'percents' }) });
    const unknown = await call(world.site.po, 'saveAllocation', { piId, percents: { feature: 90, bogus: 10 }, baseVersion: 0 });
    expect(unknown).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'percents.bogus' }) });
    const forbidden = await call(viewer(), 'saveAllocation', { piId, percents: { feature: 100 }, baseVersion: 0 });
    expect(forbidden).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    expect(await world.platform.store.allocation('ORION', piId).history()).toEqual(before);
  });
});

describe('background load', () => {
  it('loads the backlog with progress into the user\'s snapshot; later reads only refresh what changed', async () => {
    const job = await finish(data(await call<JobRef>(world.site.po, 'loadBacklog', {})));
    const open = world.site.view.issues().filter((i) => i.projectKey === 'ORION' && world.site.view.statusCategory(i.key) !== 'done');
    expect(job).toMatchObject({ kind: 'load', state: 'done' });
    expect(job.done).toBe(job.total);
    expect(job.done).toBeGreaterThan(0);
    expect(job.done).toBeLessThanOrEqual(open.length);

    world.platform.backlogCache.forget(''); // as on another Forge instance: only the stored snapshot remains
    world.site.clearRequestLog();
    const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
    expect(backlog.rows.length).toBe(job.done);
    expect(world.site.requestLog.some((r) => r.path.startsWith('/rest/api/3/field'))).toBe(false);
    const other = world.site.users.find((u) => u.email === 'viewer@demo.test')!;
    expect(await world.platform.store.readBacklogSnapshot('ORION', other.accountId, 0)).toBeUndefined();
  });
});

describe('writes to Jira', () => {
  it('scoreWsjf writes the parts to Jira and answers the re-scored row and its new position', async () => {
    const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
    const last = backlog.rows[backlog.rows.length - 1]!;
    const key = keyOf(last[0]);
    const result = data(
      await call<WsjfScoreResultDto>(world.site.po, 'scoreWsjf', { items: [{ key, businessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 1 }] }),
    );
    expect(result.outcome).toEqual({ changed: [key], failed: [] });
    const [{ row, position }] = result.rows as [{ row: (typeof backlog.rows)[number]; position: number }];
    expect(row.slice(5, 10)).toEqual([20, 20, 20, 1, 60]);
    expect(position).toBeLessThan(backlog.rows.length - 1);
    const stored = world.site.view.issue(key)!;
    expect(JSON.stringify(stored)).toMatch(/60|20/);
    const invalid = await call(world.site.po, 'scoreWsjf', { items: [{ key, businessValue: 4 }] });
    expect(invalid).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'items.0.businessValue' }) });
    const foreign = await call(world.site.po, 'scoreWsjf', { items: [{ key: 'VEGA-1', businessValue: 5 }] });
    expect(foreign).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'items.0' }) });
  });

  it('moves items to the tail, previews the trim listing every issue, and trims exactly those with the token', async () => {
    const refinement = data(await call<RefinementDto>(world.site.po, 'getRefinement', {}));
    const keys = refinement.tailCandidates.slice(0, 3).map((t) => keyOf(t[0]));
    expect(keys.length).toBe(3);
    expect(data(await call<WriteOutcomeDto>(world.site.po, 'moveToTail', { keys }))).toEqual({ changed: keys, failed: [] });

    // In the tail they are never planned, say why, and sit at the bottom of the backlog (and of a re-rank).
    const fill = data(await call<FillDto>(world.site.po, 'getFill', {}));
    const planned = new Set(fill.iterations.flatMap((it) => it.items.map(keyOf)));
    expect(keys.filter((k) => planned.has(k))).toEqual([]);
    expect(fill.leftOut.filter((l) => l[1] === 'inTail').map((l) => keyOf(l[0])).sort()).toEqual([...keys].sort());
    const rows = data(await call<BacklogDto>(world.site.po, 'getBacklog', {})).rows;
    expect(rows.slice(-3).map((r) => keyOf(r[0])).sort()).toEqual([...keys].sort());

    const preview = data(await call<TrimPreviewDto>(world.site.po, 'previewTrim', {}));
    expect(preview.issues.map((i) => i.key).sort()).toEqual([...keys].sort());
    // Labelling them updated them, but the preview still says how long they had been untouched.
    const idleBefore = new Map(refinement.tailCandidates.map((t) => [keyOf(t[0]), t[3]]));
    for (const issue of preview.issues) expect(issue.daysUntouched).toBe(idleBefore.get(issue.key));
    expect(preview.issues.every((i) => i.summary.length > 0)).toBe(true);
    // With the work type by name, the closed parent when that is why, and whether it is committed to the PI.
    const workTypeNames = new Set(data(await call<BacklogDto>(world.site.po, 'getBacklog', {})).workTypes.map((w) => w.name));
    for (const issue of preview.issues) {
      expect(workTypeNames).toContain(issue.workType);
      const parentKey = world.site.view.issue(issue.key)!.parentKey;
      const parentDone = parentKey !== null && world.site.view.statusCategory(parentKey) === 'done';
      expect(issue.parentClosed).toBe(parentDone ? parentKey : null);
      expect(typeof issue.committed).toBe('boolean');
    }

    const forbidden = await call(viewer(), 'trimTail', { token: preview.token });
    expect(forbidden).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });

    const job = await finish(data(await call<JobRef>(world.site.po, 'trimTail', { token: preview.token })));
    expect(job).toMatchObject({ kind: 'trimTail', state: 'done', done: 3, total: 3, failed: [] });
    expect(job.changed.sort()).toEqual([...keys].sort());
    for (const key of keys) expect(world.site.view.statusCategory(key)).toBe('done');

    const reused = await call(world.site.po, 'trimTail', { token: preview.token });
    expect(reused).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFIRMATION_EXPIRED', field: 'token' }) });
  });

  it('takes an item out of the tail again: it is planned and ranked again, and no trim would close it', async () => {
    const refinement = data(await call<RefinementDto>(world.site.po, 'getRefinement', {}));
    const [kept, back] = refinement.tailCandidates.slice(0, 2).map((t) => keyOf(t[0])) as [string, string];
    data(await call<WriteOutcomeDto>(world.site.po, 'moveToTail', { keys: [kept, back] }));
    expect(data(await call<WriteOutcomeDto>(world.site.po, 'takeOutOfTail', { keys: [back] }))).toEqual({ changed: [back], failed: [] });
    expect(world.site.view.issue(back)?.labels).not.toContain('backlog-tail');
    const fill = data(await call<FillDto>(world.site.po, 'getFill', {}));
    expect(fill.leftOut.filter((l) => l[1] === 'inTail').map((l) => keyOf(l[0]))).toEqual([kept]);
    expect(data(await call<TrimPreviewDto>(world.site.po, 'previewTrim', {})).issues.map((i) => i.key)).toEqual([kept]);
    data(await call<WriteOutcomeDto>(world.site.po, 'takeOutOfTail', { keys: [kept] }));
  });

  it('commits the fill to sprints as a job; the demo sprints then hold the planned issues', async () => {
    const preview = data(await call<CommitFillPreviewDto>(world.site.po, 'previewCommitFill', {}));
    const toMove = preview.sprints.flatMap((s) => s.add.map((ref) => ({ key: keyOf(ref), sprintId: s.sprintId })));
    const takeOut = preview.sprints.flatMap((s) => s.takeOut.map(keyOf));
    expect(toMove.length).toBeGreaterThan(0);
    // The demo's future sprints already hold issues the plan leaves out: they go back to the backlog.
    expect(takeOut.length).toBeGreaterThan(0);
    const job = await finish(data(await call<JobRef>(world.site.po, 'commitFill', { token: preview.token })));
    const moves = toMove.length + takeOut.length;
    expect(job).toMatchObject({ kind: 'commitFill', state: 'done', failed: [], total: moves, done: moves });
    for (const s of preview.sprints) {
      // Each planned sprint now holds exactly the plan.
      const planned = [...s.add, ...s.alreadyIn].map(keyOf).sort();
      const open = world.site.view.sprintIssueKeys(s.sprintId).filter((k) => world.site.view.statusCategory(k) !== 'done');
      expect(open.sort()).toEqual(planned);
    }

    const again = data(await call<CommitFillPreviewDto>(world.site.po, 'previewCommitFill', {}));
    expect(again.sprints.flatMap((s) => [...s.add, ...s.takeOut])).toEqual([]);
  });

  it("a commit keeps the PO's pins and exclusions as the plan, for every user, until the PO includes an item again", async () => {
    const before = data(await call<FillDto>(world.site.po, 'getFill', {}));
    const first = before.iterations[0]!.items.map(keyOf);
    const [moved, leftOut] = [first[first.length - 1]!, first[first.length - 2]!];
    const request = { pins: [{ key: moved, iteration: 1 }], exclude: [leftOut] };
    const adjusted = data(await call<FillDto>(world.site.po, 'getFill', request));
    const preview = data(await call<CommitFillPreviewDto>(world.site.po, 'previewCommitFill', request));
    expect((await finish(data(await call<JobRef>(world.site.po, 'commitFill', { token: preview.token })))).state).toBe('done');

    // Without any adjustment, for the PO and for the developer: the plan is the one committed.
    for (const user of [world.site.po, world.site.dev]) {
      const after = data(await call<FillDto>(user, 'getFill', {}));
      expect(after.iterations.map((it) => it.items.map(keyOf).sort())).toEqual(adjusted.iterations.map((it) => it.items.map(keyOf).sort()));
      expect(after.committedExclude.map(keyOf)).toEqual([leftOut]);
    }
    const again = data(await call<CommitFillPreviewDto>(world.site.po, 'previewCommitFill', {}));
    expect(again.sprints.flatMap((s) => [...s.add, ...s.takeOut])).toEqual([]);
    // Included again, it is a candidate once more (no longer kept out by the commit).
    const included = data(await call<FillDto>(world.site.po, 'getFill', { include: [leftOut], pins: [{ key: leftOut, iteration: 0 }] }));
    expect(included.committedExclude).toEqual([]);
    expect(included.iterations[0]!.items.map(keyOf)).toContain(leftOut);
  });

  it('runs one commit at a time per project', async () => {
    const [a, b] = [
      data(await call<CommitFillPreviewDto>(world.site.po, 'previewCommitFill', {})),
      data(await call<CommitFillPreviewDto>(world.site.po, 'previewCommitFill', {})),
    ];
    world.site.faults.slow(300, { pathPrefix: '/rest/agile/1.0/sprint/' });
    const first = data(await call<JobRef>(world.site.po, 'commitFill', { token: a.token }));
    const second = await call(world.site.po, 'commitFill', { token: b.token });
    expect(second).toEqual({ ok: false, error: expect.objectContaining({ code: 'JOB_RUNNING' }) });
    expect((await finish(first)).state).toBe('done');
    world.site.faults.clear();
    const third = data(await call<CommitFillPreviewDto>(world.site.po, 'previewCommitFill', {}));
    expect(await call(world.site.po, 'commitFill', { token: third.token })).toMatchObject({ ok: true });
    await world.platform.idle();
  });

  it('applies the WSJF order to Jira rank as a job', async () => {
    const preview = data(await call<RerankPreviewDto>(world.site.po, 'previewRerank', {}));
    expect(preview.moves.length).toBeGreaterThan(0);
    const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
    const moving = new Set(preview.moves.map(([ref]) => keyOf(ref)));
    // Each move says what it is and why it lands there, by the rule that places it (DOMAIN.md, Sort).
    const rowOf = new Map(backlog.rows.map((r) => [keyOf(r[0]), decodeBacklogRow(r)]));
    const kinds = new Set<string>();
    for (const [ref, , to, summary, workType, why, committed] of preview.moves) {
      const row = rowOf.get(keyOf(ref))!;
      expect(summary).toBe(row.summary);
      expect(preview.workTypes[workType!]?.name).toBe(backlog.workTypes[row.workType]?.name);
      expect(committed).toBe((row.flags & RowFlag.COMMITTED) !== 0 ? 1 : 0);
      const [kind, detail] = why!;
      kinds.add(kind);
      if (kind === 'w') expect(detail).toBe(row.wsjf);
      if (kind === 'c') expect(row.flags & RowFlag.COMMITTED).toBe(RowFlag.COMMITTED);
      if (kind === 'u') expect([row.wsjf, row.flags & RowFlag.COMMITTED]).toEqual([null, 0]);
      // A blocker lands right before the issue it blocks.
      if (kind === 'b') expect(keyOf(backlog.rows[to + 1]![0])).toBe(detail);
    }
    expect(kinds.has('w')).toBe(true);
    const updatedBefore = new Map(backlog.rows.map((r) => [keyOf(r[0]), world.site.view.issue(keyOf(r[0]))?.updated]));
    const job = await finish(data(await call<JobRef>(world.site.po, 'applyRerank', { token: preview.token })));
    // Only what the preview listed is written: the others keep their last update (and their staleness).
    expect(job).toMatchObject({ kind: 'rerank', state: 'done', failed: [], total: preview.moves.length, done: preview.moves.length });
    expect([...updatedBefore].filter(([k, updated]) => !moving.has(k) && world.site.view.issue(k)?.updated !== updated)).toEqual([]);
    const jiraOrder = world.site.view.rankOrder('ORION').filter((k) => backlog.rows.some((r) => keyOf(r[0]) === k));
    expect(jiraOrder).toEqual(backlog.rows.map((r) => keyOf(r[0])));
    const after = data(await call<RerankPreviewDto>(world.site.po, 'previewRerank', {}));
    expect(after.moves).toEqual([]);
  });

  it('splits an item into linked stories whose points add up, and a retry never creates them twice', async () => {
    const refinement = data(await call<RefinementDto>(world.site.po, 'getRefinement', {}));
    const [ref, , points] = refinement.splitCandidates[0]!;
    const key = keyOf(ref);
    const parts = [{ summary: 'First half', points: points - 3 }, { summary: 'Second half', points: 3 }];
    const first = data(await call<SplitResultDto>(world.site.po, 'split', { key, parts, splitId: 'split-test-1' }));
    expect(first).toMatchObject({ original: key, resumed: false, originalClosedAs: "Won't Do" });
    expect(first.created).toHaveLength(2);
    // The original is closed as dropped and labelled, not deleted: it no longer counts beside its parts.
    const original = world.site.view.issue(key);
    expect(original?.statusId).toBe('10002');
    expect(original?.labels).toContain('bb-split-source');
    const after = data(await call<RefinementDto>(world.site.po, 'getRefinement', {}));
    expect(after.splitCandidates.map(([r]) => keyOf(r))).not.toContain(key);
    const again = data(await call<SplitResultDto>(world.site.po, 'split', { key, parts, splitId: 'split-test-1' }));
    expect(again).toMatchObject({ created: first.created, resumed: true, originalClosedAs: "Won't Do" });
    const created = world.site.view.issues().filter((i) => first.created.includes(i.key));
    expect(created).toHaveLength(2);

    const wrongSum = await call(world.site.po, 'split', { key, parts: [{ summary: 'a', points: 1 }, { summary: 'b', points: 1 }], splitId: 'split-test-2' });
    expect(wrongSum).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/sum|add up/i) }) });
  });

  it('refuses writes on a read-only local platform (the harness against a real site without --allow-writes)', async () => {
    const readOnly = createLocalPlatform({
      baseUrl: world.site.baseUrl,
      users: [{ accountId: world.site.po.accountId, email: world.site.po.email, apiToken: world.site.po.apiToken }],
      storeDir: 'memory',
      readOnly: true,
    });
    const roCall = caller(createPanelResolver(readOnly).getDefinitions());
    const result = await roCall(world.site.po, 'moveToTail', { keys: ['ORION-1'] });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/--allow-writes/) }) });
    expect(world.site.requestLog.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(data(await roCall<{ openItems: number }>(world.site.po, 'getHealth', {})).openItems).toBeGreaterThan(0);
  });

  it('refuses every write of a user without the permission, and changes nothing', async () => {
    const refinement = data(await call<RefinementDto>(world.site.po, 'getRefinement', {}));
    const key = keyOf(refinement.tailCandidates[0]![0]);
    const before = world.site.view.issue(key);
    const attempts: [string, unknown][] = [
      ['moveToTail', { keys: [key] }],
      ['takeOutOfTail', { keys: [key] }],
      ['scoreWsjf', { items: [{ key, businessValue: 5 }] }],
      ['split', { key, parts: [{ summary: 'a', points: 1 }, { summary: 'b', points: 1 }], splitId: 'nope' }],
      ['previewTrim', {}],
      ['previewRerank', {}],
      ['previewCommitFill', {}],
    ];
    for (const [fn, payload] of attempts) {
      const result = await call(viewer(), fn, payload);
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    }
    expect(world.site.view.issue(key)).toEqual(before);
    // Reads only: GETs, searches and bulk fetches of issues.
    const reads = (path: string): boolean => path.startsWith('/rest/api/3/search') || path === '/rest/api/3/issue/bulkfetch';
    expect(world.site.requestLog.filter((r) => r.method !== 'GET' && !reads(r.path))).toEqual([]);
  });
});
