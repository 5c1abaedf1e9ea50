/**
 * Real Jira Cloud sites through the resolvers (issue 15): what the PO sees on the panel, the issue panel and the
 * settings page of a site with each quirk (test/demo-site/quirks.ts), next to the same seed without it.
 */
import { createIssuePanelResolver, createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { BacklogDto, WsjfScoreResultDto, BalanceDto, FillDto, HealthDto, HierarchyInsightDto, IssueInsightDto, ProjectSettingsDto } from '../../src/contracts';
import type { SiteQuirks } from '../demo-site';
import { caller, data, startWorld, type World } from '../resolvers/helpers';

interface App {
  world: World;
  panel: ReturnType<typeof caller>;
  issue: ReturnType<typeof caller>;
  settings: ReturnType<typeof caller>;
}

let apps: App[] = [];
async function app(quirks: SiteQuirks): Promise<App> {
  const world = await startWorld({ quirks });
  const made = {
    world,
    panel: caller(createPanelResolver(world.platform).getDefinitions()),
    issue: caller(createIssuePanelResolver(world.platform).getDefinitions()),
    settings: caller(createSettingsResolver(world.platform).getDefinitions()),
  };
  apps.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(apps.map((a) => a.world.site.close()));
  apps = [];
});

const totalDone = (b: BalanceDto) => b.rows.reduce((sum, r) => sum + r.donePoints, 0);

describe('sites we handle, through the resolvers', () => {
  it('1. a team-managed project gets its board, sprints and plan; its board is offered in settings', async () => {
    const a = await app({ teamManaged: ['VEGA'], kanbanBoards: true });
    const po = a.world.site.po;
    const balance = data(await a.panel<BalanceDto>(po, 'getBalance', {}, { project: 'VEGA' }));
    expect(balance.iterations.some((it) => it.sprintId !== null)).toBe(true);
    const fill = data(await a.panel<FillDto>(po, 'getFill', {}, { project: 'VEGA' }));
    expect(fill.iterations.length).toBeGreaterThan(0);
    const settings = data(await a.settings<ProjectSettingsDto>(po, 'getProjectSettings', {}, { project: 'VEGA' }));
    expect(settings.boards).toEqual([{ id: 2, name: 'VEGA board (team-managed)' }]);
  });

  it('2. a board that estimates in time: the panel and settings say to map a story-points field, never seconds as points', async () => {
    const a = await app({ timeEstimates: true });
    const result = await a.panel<BalanceDto>(a.world.site.po, 'getBalance', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'NOT_CONFIGURED', message: expect.stringMatching(/estimates in time.*map a story-points field/i) });
    const settings = data(await a.settings<ProjectSettingsDto>(a.world.site.po, 'getProjectSettings', {}));
    expect(settings.fields.find((f) => f.role === 'storyPoints')).toMatchObject({ problem: expect.stringMatching(/estimates in time/i) });
  });

  it('3. an overdue active sprint: the next iteration is still the first future sprint', async () => {
    const a = await app({ overdueActiveSprintDays: 2 });
    const fill = data(await a.panel<FillDto>(a.world.site.po, 'getFill', {}));
    const future = a.world.site.view.sprints(1).filter((s) => s.state === 'future').sort((x, y) => x.id - y.id);
    expect(fill.iterations.map((it) => it.sprintId)).toEqual(future.slice(0, 2).map((s) => s.id));
    expect(fill.iterations[0]?.start >= '2026-11-20').toBe(true);
  });

  it('4. Done without a resolution: done points are counted as on a site that sets one', async () => {
    const [plain, quirky] = await Promise.all([app({}), app({ doneWithoutResolution: true })]);
    const before = data(await plain.panel<BalanceDto>(plain.world.site.po, 'getBalance', {}));
    const after = data(await quirky.panel<BalanceDto>(quirky.world.site.po, 'getBalance', {}));
    expect(totalDone(before)).toBeGreaterThan(0);
    expect(after.rows.map((r) => r.donePoints)).toEqual(before.rows.map((r) => r.donePoints));
  });

  it('5. blocking links by another name: settings shows the guess and what counts; counting none is said on the panel', async () => {
    const a = await app({ blockingLinkType: 'Dependency' });
    const po = a.world.site.po;
    const read = data(await a.settings<ProjectSettingsDto>(po, 'getProjectSettings', {}));
    expect(read.linkTypes?.filter((t) => t.counted).map((t) => t.name)).toEqual(['Dependency']);
    expect(read.linkTypes?.find((t) => t.name === 'Dependency')).toMatchObject({ guessed: true, outward: 'depends on' });
    expect(data(await a.panel<BalanceDto>(po, 'getBalance', {})).warnings ?? []).not.toContainEqual(expect.stringMatching(/no link type/i));
    data(await a.settings(po, 'saveProjectSettings', { settings: { ...read.settings, blockingLinkTypes: [] }, baseVersion: read.version }));
    const after = data(await a.panel<BalanceDto>(po, 'getBalance', {}));
    expect(after.warnings).toContainEqual(expect.stringMatching(/no link type counts as blocking/i));
    const reread = data(await a.settings<ProjectSettingsDto>(po, 'getProjectSettings', {}));
    expect(reread.linkTypes?.filter((t) => t.counted)).toEqual([]);
  });

  it('6. several "Story Points" fields: settings shows the one holding values and the alternatives', async () => {
    const a = await app({ duplicatePointsFields: true });
    const read = data(await a.settings<ProjectSettingsDto>(a.world.site.po, 'getProjectSettings', {}));
    expect(read.fields.find((f) => f.role === 'storyPoints')).toMatchObject({
      fieldId: 'customfield_10051',
      how: 'values',
      alternatives: [
        { id: 'customfield_10026', name: 'Story Points', hasValues: false },
        { id: 'customfield_10050', name: 'Story Points', hasValues: false },
        { id: 'customfield_10051', name: 'Story Points', hasValues: true },
      ],
    });
  });

  it('7. WSJF components as select lists: numeric options are read as numbers and scores are written back by option', async () => {
    const a = await app({ selectWsjf: 'numeric' });
    const po = a.world.site.po;
    const backlog = data(await a.panel<BacklogDto>(po, 'getBacklog', {}));
    const scored = backlog.rows.filter((r) => r[5] !== null);
    expect(scored.length).toBeGreaterThan(5);
    for (const row of scored) {
      const key = typeof row[0] === 'number' ? `${backlog.keyPrefix}-${row[0]}` : row[0];
      expect(row[5]).toBe(a.world.site.view.issue(key)?.businessValue);
    }
    const target = backlog.rows.find((r) => r[3] === 'l');
    const key = typeof target?.[0] === 'number' ? `${backlog.keyPrefix}-${target[0]}` : String(target?.[0]);
    data(await a.panel<WsjfScoreResultDto>(po, 'scoreWsjf', { items: [{ key, businessValue: 13, timeCriticality: 8, riskReduction: 5, jobSize: 3 }] }));
    expect(a.world.site.view.issue(key)).toMatchObject({ businessValue: 13, timeCriticality: 8, riskReduction: 5, jobSize: 3 });
  });

  it('7. WSJF select lists with named options: the PO maps each option to a number in settings; reads and writes go through it', async () => {
    const a = await app({ selectWsjf: 'named' });
    const po = a.world.site.po;
    const before = data(await a.panel<BalanceDto>(po, 'getBalance', {}));
    expect(before.warnings).toContainEqual(expect.stringMatching(/business value option "\w[\w ]*".*map it in Settings/));
    const read = data(await a.settings<ProjectSettingsDto>(po, 'getProjectSettings', {}));
    const field = read.wsjfOptions?.find((f) => f.role === 'businessValue');
    expect(field?.options).toEqual(['Minimal', 'Very low', 'Low', 'Medium', 'High', 'Very high', 'Critical']);
    const refused = await a.settings(po, 'saveProjectSettings', { settings: { ...read.settings, wsjfOptionScores: { [field?.fieldId ?? '']: { High: 7 } } }, baseVersion: read.version });
    expect(refused.ok).toBe(false);
    const scores = { Minimal: 1, 'Very low': 2, Low: 3, Medium: 5, High: 8, 'Very high': 13, Critical: 20 };
    data(await a.settings(po, 'saveProjectSettings', { settings: { ...read.settings, wsjfOptionScores: { [field?.fieldId ?? '']: scores } }, baseVersion: read.version }));
    const backlog = data(await a.panel<BacklogDto>(po, 'getBacklog', {}));
    const scored = backlog.rows.filter((r) => r[5] !== null);
    expect(scored.length).toBeGreaterThan(5);
    for (const row of scored) {
      const key = typeof row[0] === 'number' ? `${backlog.keyPrefix}-${row[0]}` : row[0];
      expect(row[5]).toBe(a.world.site.view.issue(key)?.businessValue);
    }
    const key = typeof scored[0]?.[0] === 'number' ? `${backlog.keyPrefix}-${scored[0][0]}` : String(scored[0]?.[0]);
    data(await a.panel<WsjfScoreResultDto>(po, 'scoreWsjf', { items: [{ key, businessValue: 20 }] }));
    expect(a.world.site.view.issue(key)).toMatchObject({ businessValue: 20 });
    const unmapped = await a.panel(po, 'scoreWsjf', { items: [{ key, timeCriticality: 8 }] });
    expect(unmapped.ok ? null : unmapped.error.message).toMatch(/time criticality.*map.*Settings/i);
  });

  it('8. dropped work: done points leave out Won\'t Do, Duplicate, Cannot Reproduce, and resolutions the PO marks', async () => {
    const [plain, quirky] = await Promise.all([app({}), app({ droppedResolutions: true })]);
    const before = totalDone(data(await plain.panel<BalanceDto>(plain.world.site.po, 'getBalance', {})));
    const after = totalDone(data(await quirky.panel<BalanceDto>(quirky.world.site.po, 'getBalance', {})));
    expect(after).toBeLessThan(before);
    const po = quirky.world.site.po;
    const read = data(await quirky.settings<ProjectSettingsDto>(po, 'getProjectSettings', {}));
    expect(read.resolutions?.filter((r) => r.dropped).map((r) => r.name)).toEqual(["Won't Do", 'Duplicate', 'Cannot Reproduce']);
    data(await quirky.settings(po, 'saveProjectSettings', { settings: { ...read.settings, droppedResolutions: ['Done'] }, baseVersion: read.version }));
    expect(totalDone(data(await quirky.panel<BalanceDto>(po, 'getBalance', {})))).toBe(0);
  });

  it('9. the issue panel on an epic shows its stories\' places, on a sub-task its parent\'s', async () => {
    const a = await app({ epicsAndSubtasks: true });
    const po = a.world.site.po;
    const issues = a.world.site.view.issues();
    const epic = issues.find((i) => i.projectKey === 'ORION' && i.issueType === 'Epic');
    const sub = issues.find((i) => i.projectKey === 'ORION' && i.issueType === 'Sub-task');
    // The issue panel reads the backlog the project page loaded (it never loads one itself).
    data(await a.panel<BalanceDto>(po, 'getBalance', {}));
    const onEpic = data(await a.issue<HierarchyInsightDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: epic?.key }));
    const children = issues.filter((i) => i.parentKey === epic?.key).map((i) => i.key);
    expect(onEpic).toMatchObject({ kind: 'epic', key: epic?.key });
    expect(onEpic.related.map((r) => r.key).sort()).toEqual(children.sort());
    const onSub = data(await a.issue<HierarchyInsightDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: sub?.key }));
    expect(onSub).toMatchObject({ kind: 'subtask', related: [{ key: sub?.parentKey }] });
    // The parent's place is the one its own panel shows.
    const parent = data(await a.issue<IssueInsightDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: sub?.parentKey ?? '' }));
    expect(onSub.related[0]?.plan).toEqual(parent.plan);
  });

  it('10. broken issues: every tab still answers, and the PO sees which issue and what was wrong', async () => {
    const a = await app({ brokenIssues: true });
    const po = a.world.site.po;
    const broken = a.world.site.view.issues().filter((i) => i.rawFields).map((i) => i.key);
    const balance = data(await a.panel<BalanceDto>(po, 'getBalance', {}));
    for (const key of broken) expect(balance.warnings).toContainEqual(expect.stringMatching(new RegExp(`^${key}: `)));
    data(await a.panel<HealthDto>(po, 'getHealth', {}));
    data(await a.panel<FillDto>(po, 'getFill', {}));
    const unusable = a.world.site.view.issues().find((i) => i.rawFields && 'created' in i.rawFields)?.key ?? '';
    const skipped = await a.issue(po, 'getIssueInsight', {}, { project: 'ORION', issue: unusable });
    expect(skipped.ok ? null : skipped.error.message).toMatch(/could not be read/);
  });
});
