import { createAdminResolver, createIssuePanelResolver, createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { BalanceDto, IssueInsightDto, ProjectSettingsDto, SiteDefaults, WhoAmIDto, WorkTypePreviewDto } from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

let world: World;
let settingsCall: ReturnType<typeof caller>;
let adminCall: ReturnType<typeof caller>;
let issueCall: ReturnType<typeof caller>;
const viewer = () => world.site.users.find((u) => u.email === 'viewer@demo.test')!;

beforeAll(async () => {
  world = await startWorld();
  settingsCall = caller(createSettingsResolver(world.platform).getDefinitions());
  adminCall = caller(createAdminResolver(world.platform).getDefinitions());
  issueCall = caller(createIssuePanelResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());

describe('project settings', () => {
  it('reads defaults with the detected fields and the boards, saves with versions, refuses stale saves', async () => {
    const read = data(await settingsCall<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
    expect(read.version).toBe(0);
    expect(read.boards.length).toBeGreaterThan(0);
    expect(read.fields.find((f) => f.role === 'storyPoints')).toMatchObject({ fieldId: world.site.view.pointsFieldId(), how: expect.stringMatching(/board|name/) });

    expect(read.derivedPis.length).toBeGreaterThan(0);
    expect(read.derivedPis.flatMap((pi) => pi.iterations).every((it) => it.sprintId !== null && it.start <= it.end)).toBe(true);
    const settings = { ...read.settings, staleDays: 90, boardId: read.boards[0]!.id };
    expect(data(await settingsCall<{ version: number }>(world.site.po, 'saveProjectSettings', { settings, baseVersion: 0 }))).toEqual({ version: 1 });
    const stale = await settingsCall(world.site.po, 'saveProjectSettings', { settings: { ...settings, staleDays: 30 }, baseVersion: 0 });
    expect(stale).toEqual({ ok: false, error: expect.objectContaining({ code: 'STALE' }) });
    expect(data(await settingsCall<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {})).settings.staleDays).toBe(90);
  });

  it('names the field of invalid settings', async () => {
    const { settings } = data(await settingsCall<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
    const bad = await settingsCall(world.site.po, 'saveProjectSettings', { settings: { ...settings, programProjects: ['ART" OR project = "LYRA'] }, baseVersion: 1 });
    expect(bad).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'settings.programProjects.0' }) });
  });

  it('lets a member of a group named in settings configure (as Jira reports their groups), and nobody else without admin rights', async () => {
    const read = data(await settingsCall<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
    const before = await settingsCall(viewer(), 'saveProjectSettings', { settings: read.settings, baseVersion: read.version });
    expect(before).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    // The demo site puts the viewer in the "stakeholders" group; the developer is not in it.
    const withGroup = { ...read.settings, editors: { roles: [], groups: ['Stakeholders'] } };
    data(await settingsCall(world.site.po, 'saveProjectSettings', { settings: withGroup, baseVersion: read.version }));
    const who = data(await settingsCall<WhoAmIDto>(viewer(), 'whoAmI', {}));
    expect(who.can).toMatchObject({ plan: true, configure: true });
    const after = await settingsCall<{ version: number }>(viewer(), 'saveProjectSettings', { settings: { ...withGroup, staleDays: 120 }, baseVersion: read.version + 1 });
    expect(after).toEqual({ ok: true, data: { version: read.version + 2 } });
    const dev = await settingsCall(world.site.dev, 'saveProjectSettings', { settings: withGroup, baseVersion: read.version + 2 });
    expect(dev).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringContaining('group "Stakeholders"') }) });
  });

  it('says a role named in settings cannot grant a non-admin access, since Jira shows role membership only to admins', async () => {
    const read = data(await settingsCall<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
    // The viewer is in ORION's "Product Owners" role on the demo site, but only admins may read role membership.
    const withRole = { ...read.settings, editors: { roles: ['Product Owners'], groups: [] } };
    data(await settingsCall(world.site.po, 'saveProjectSettings', { settings: withRole, baseVersion: read.version }));
    const who = data(await settingsCall<WhoAmIDto>(viewer(), 'whoAmI', {}));
    expect(who.can).toMatchObject({ read: true, plan: false, configure: false });
    expect(who.hint).toMatch(/role "Product Owners".*only to administrators.*name a group/);
    const refused = await settingsCall(viewer(), 'saveProjectSettings', { settings: { ...withRole, staleDays: 121 }, baseVersion: read.version + 1 });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/only to administrators/) }) });
    // Naming a group the viewer is in as well lets them edit.
    data(await settingsCall(world.site.po, 'saveProjectSettings', { settings: { ...withRole, editors: { roles: ['Product Owners'], groups: ['stakeholders'] } }, baseVersion: read.version + 1 }));
    expect(data(await settingsCall<WhoAmIDto>(viewer(), 'whoAmI', {})).can.configure).toBe(true);
  });

  it('a saved PI calendar with a manual capacity drives the balance', async () => {
    const read = data(await settingsCall<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
    const pis = structuredClone(read.derivedPis);
    const current = pis.find((pi) => pi.start <= '2026-11-20' && '2026-11-20' <= pi.end)!;
    current.iterations[0]!.manualCapacity = 30;
    data(await settingsCall(world.site.po, 'saveProjectSettings', { settings: { ...read.settings, pis }, baseVersion: read.version }));
    const panel = caller(createPanelResolver(world.platform).getDefinitions());
    const balance = data(await panel<BalanceDto>(world.site.po, 'getBalance', { piId: current.id }));
    expect(balance.iterations[0]).toMatchObject({ capacity: 30, source: 'manual', detail: 'set by the PO' });
    expect(balance.iterations.slice(1).every((it) => it.source === 'velocity')).toBe(true);
  });

  it('previews how current issues classify under unsaved rules', async () => {
    const workTypes = [{ id: 'bugs', name: 'Bugs' }, { id: 'rest', name: 'Everything else' }];
    const preview = data(
      await settingsCall<WorkTypePreviewDto>(world.site.po, 'previewWorkTypes', {
        workTypes,
        rules: [{ workType: 'bugs', issueTypes: ['Bug'], labels: [], components: [] }],
        defaultWorkType: 'rest',
      }),
    );
    const bugs = world.site.view.issues().filter((i) => i.projectKey === 'ORION' && i.issueType === 'Bug' && world.site.view.statusCategory(i.key) !== 'done');
    expect(preview.counts.bugs).toBe(bugs.length);
    expect(preview.sample.every(([, , type, wt]) => (type === 'Bug') === (wt === 0))).toBe(true);
  });
});

describe('admin page', () => {
  it('only a Jira administrator reads and saves the site defaults', async () => {
    const read = data(await adminCall<{ defaults: SiteDefaults; version: number }>(world.site.po, 'getSiteDefaults', {}, {}));
    const saved = await adminCall(world.site.po, 'saveSiteDefaults', { defaults: { ...read.defaults, staleDays: 200 }, baseVersion: read.version }, {});
    expect(saved).toEqual({ ok: true, data: { version: 1 } });
    const refused = await adminCall(world.site.dev, 'saveSiteDefaults', { defaults: read.defaults, baseVersion: 1 }, {});
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    expect((await world.platform.store.effectiveSiteDefaults()).defaults.staleDays).toBe(200);
    expect(data(await adminCall<WhoAmIDto>(world.site.dev, 'whoAmI', {}, {})).can.administer).toBe(false);
  });
});

describe('issue panel', () => {
  it("shows one issue's WSJF, work type, readiness and place in the plan", async () => {
    const issue = world.site.view.issues().find((i) => i.projectKey === 'ORION' && world.site.view.statusCategory(i.key) === 'new')!;
    const insight = data(await issueCall<IssueInsightDto>(world.site.po, 'getIssueInsight', {}, { project: 'ORION', issue: issue.key }));
    expect(insight.key).toBe(issue.key);
    expect(insight.summary).toBe(issue.summary);
    expect(insight.position).toBeGreaterThanOrEqual(0);
    expect(insight.position as number).toBeLessThan(insight.backlogSize);
    expect(insight.plan === null || 'iteration' in insight.plan || 'leftOut' in insight.plan).toBe(true);
    // An item that is not Ready says exactly what it lacks.
    const backlogIssues = world.site.view.issues().filter((i) => i.projectKey === 'ORION' && world.site.view.statusCategory(i.key) === 'new');
    let explained = false;
    for (const candidate of backlogIssues.slice(0, 40)) {
      const other = data(await issueCall<IssueInsightDto>(world.site.po, 'getIssueInsight', {}, { project: 'ORION', issue: candidate.key }));
      if (other.plan && 'leftOut' in other.plan && other.plan.leftOut === 'notReady') {
        expect(other.dorGaps).toBeGreaterThan(0);
        expect(other.plan.detail).toContain(candidate.key);
        explained = true;
        break;
      }
    }
    expect(explained).toBe(true);
    // Work in the running sprint says so, rather than "not part of the plan".
    const running = world.site.view
      .issues()
      .find((i) => i.projectKey === 'ORION' && world.site.view.statusCategory(i.key) === 'indeterminate' && i.sprintIds.length > 0);
    if (!running) throw new Error('The demo site should have work in progress in a sprint');
    const inSprint = data(await issueCall<IssueInsightDto>(world.site.po, 'getIssueInsight', {}, { project: 'ORION', issue: running.key }));
    expect(inSprint.plan).toMatchObject({ iteration: expect.stringMatching(/\(running now\)$/) });
    const hidden = await issueCall(world.site.dev, 'getIssueInsight', {}, { project: 'LYRA', issue: 'LYRA-1' });
    expect(hidden).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
  });
});
