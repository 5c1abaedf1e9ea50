import { listDeclaredRoutes, type DeclaredRoute } from '../../src/platform/jira-routes';
import { createGadgetResolver, createIssuePanelResolver, createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { CommitFillPreviewDto, IssueRef, JobRef, RefinementDto, RerankPreviewDto, TrimPreviewDto } from '../../src/contracts';
import { caller, data, startWorld, type World } from '../resolvers/helpers';

function matches(route: DeclaredRoute, method: string, path: string): boolean {
  const pattern = new RegExp(`^${route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/(^|\/)P(?=\/|$)/g, '$1[^/]+')}$`);
  return route.method === method && pattern.test(path);
}

/**
 * The declared route list (what @forge/lint checks scopes against) must cover every request the app really
 * sends: run every resolver function, reads and writes, and compare with the demo site's request log.
 */
describe('declared Jira routes', () => {
  let world: World;
  afterAll(() => world.site.close());

  it('cover every route the resolvers and jobs call', async () => {
    world = await startWorld();
    const panel = caller(createPanelResolver(world.platform).getDefinitions());
    const settings = caller(createSettingsResolver(world.platform).getDefinitions());
    const issue = caller(createIssuePanelResolver(world.platform).getDefinitions());
    const po = world.site.po;
    const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);
    for (const fn of ['whoAmI', 'getBalance', 'getBacklog', 'getRefinement', 'getFill', 'getHealth', 'getAllocationHistory']) data(await panel(po, fn, {}));
    for (const fn of ['whoAmI', 'getProjectSettings']) data(await settings(po, fn, {}));
    const refinement = data(await panel<RefinementDto>(po, 'getRefinement', {}));
    const tail = refinement.tailCandidates.slice(0, 2).map((t) => keyOf(t[0]));
    data(await panel(po, 'moveToTail', { keys: tail }));
    data(await panel(po, 'scoreWsjf', { items: [{ key: tail[0], businessValue: 8 }] }));
    const [ref, , points] = refinement.splitCandidates[0]!;
    data(await panel(po, 'split', { key: keyOf(ref), parts: [{ summary: 'a', points: points - 1 }, { summary: 'b', points: 1 }], splitId: 'routes-1' }));
    // One write job per project at a time: each finishes before the next is confirmed.
    data(await panel<JobRef>(po, 'trimTail', { token: data(await panel<TrimPreviewDto>(po, 'previewTrim', {})).token }));
    await world.platform.idle();
    data(await panel<JobRef>(po, 'commitFill', { token: data(await panel<CommitFillPreviewDto>(po, 'previewCommitFill', {})).token }));
    await world.platform.idle();
    data(await panel<JobRef>(po, 'applyRerank', { token: data(await panel<RerankPreviewDto>(po, 'previewRerank', {})).token }));
    await world.platform.idle();
    const anIssue = world.site.view.issues().find((i) => i.projectKey === 'ORION' && world.site.view.statusCategory(i.key) === 'new')!;
    data(await issue(po, 'getIssueInsight', {}, { project: 'ORION', issue: anIssue.key }));
    // The dashboard gadget: its edit view's project list and the team's figures (no project in its context).
    const gadget = caller(createGadgetResolver(world.platform).getDefinitions());
    data(await gadget(po, 'getGadgetProjects', {}, {}));
    data(await gadget(po, 'getGadget', { projectKey: 'ORION' }, {}));

    const declared = await listDeclaredRoutes();
    const sent = [...new Set(world.site.requestLog.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`))];
    const undeclared = sent.filter((line) => {
      const [method, path] = line.split(' ') as [string, string];
      return !declared.some((route) => matches(route, method, path));
    });
    expect(undeclared).toEqual([]);
    // And the writes really happened through the declared routes (the log is not trivially small).
    expect(sent.filter((l) => !l.startsWith('GET')).length).toBeGreaterThanOrEqual(6);
  }, 60_000);
});
