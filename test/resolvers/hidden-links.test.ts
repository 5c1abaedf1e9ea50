/*
 * Issue 13, case 12, with a second user: the developer cannot browse LYRA. An ORION story that blocks a LYRA
 * issue, and one a LYRA issue blocks, say so to the developer, counted ("needed by an issue you cannot see"),
 * with the same source and readiness the PO sees, and nothing of the LYRA issues (key, project, summary,
 * sprint) in any answer. Design: docs/decisions/hidden-links.md.
 */
import { createIssuePanelResolver, createPanelResolver } from '../../src/resolvers';
import { decodeBacklogRow, DorGap, RowFlag, type BacklogDto, type FillDto, type IssueInsightDto, type IssueRef } from '../../src/contracts';
import type { DemoSiteUser } from '../demo-site';
import { caller, data, forgetLoadedBacklogs, startWorld, type World } from './helpers';

// Several resolver calls against the demo site each: more than Jest's 5 s on a busy machine.
jest.setTimeout(60_000);

let world: World;
let call: ReturnType<typeof caller>;
let callIssue: ReturnType<typeof caller>;
const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);

async function asPo(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${world.site.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: world.site.po.authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

/** Open local ORION stories with no links yet, and open LYRA stories, in key order. */
function pick() {
  const view = world.site.view;
  const linked = new Set(view.links().flatMap((l) => [l.sourceKey, l.destinationKey]));
  const open = (key: string) => view.statusCategory(key) !== 'done' && !linked.has(key);
  const orion = view.issues().filter((i) => i.projectKey === 'ORION' && i.issueType === 'Story' && !i.parentKey?.startsWith('ART-') && open(i.key) && i.sprintIds.length === 0);
  const lyra = view.issues().filter((i) => i.projectKey === 'LYRA' && i.issueType === 'Story' && open(i.key));
  return { needed: orion[0]!.key, waiting: orion[1]!.key, dependent: lyra[0]!, blocker: lyra[1]! };
}

beforeEach(async () => {
  world = await startWorld();
  call = caller(createPanelResolver(world.platform).getDefinitions());
  callIssue = caller(createIssuePanelResolver(world.platform).getDefinitions());
});
afterEach(() => world.site.close());

async function rows(user: DemoSiteUser) {
  const backlog = data(await call<BacklogDto>(user, 'getBacklog', {}));
  return new Map(backlog.rows.map((r) => [keyOf(r[0]), decodeBacklogRow(r)]));
}

describe('links to issues the user cannot see (case 12)', () => {
  it('the developer is told, counted, with the source and readiness the PO sees, and nothing of the LYRA issues', async () => {
    const { needed, waiting, dependent, blocker } = pick();
    // `needed` blocks a LYRA issue (a story another team needs); a LYRA issue blocks `waiting`.
    await asPo('/rest/api/3/issueLink', { type: { name: 'Blocks' }, inwardIssue: { key: needed }, outwardIssue: { key: dependent.key } });
    await asPo('/rest/api/3/issueLink', { type: { name: 'Blocks' }, inwardIssue: { key: blocker.key }, outwardIssue: { key: waiting } });
    const lyraSprint = world.site.view.sprints().find((s) => s.name.startsWith('LYRA') && s.state === 'future')!;
    await asPo(`/rest/agile/1.0/sprint/${lyraSprint.id}/issue`, { issues: [dependent.key] });
    await forgetLoadedBacklogs(world.platform);

    // The PO, who sees LYRA, reads the backlog: what the app records of the team's links.
    const po = await rows(world.site.po);
    expect(po.get(needed)?.source).toBe('o');
    expect(po.get(waiting)!.flags & RowFlag.BLOCKED).toBe(RowFlag.BLOCKED);
    expect(po.get(needed)!.flags & RowFlag.HIDDEN_LINK).toBe(0);

    const dev = await rows(world.site.dev);
    // Same source as for the PO (not "local"), marked as linked to something hidden.
    expect(dev.get(needed)?.source).toBe('o');
    expect(dev.get(needed)!.flags & RowFlag.HIDDEN_LINK).toBe(RowFlag.HIDDEN_LINK);
    // Same readiness: blocked, with the Definition of Ready's external blocker gap.
    expect(dev.get(waiting)!.flags & (RowFlag.BLOCKED | RowFlag.HIDDEN_LINK)).toBe(RowFlag.BLOCKED | RowFlag.HIDDEN_LINK);
    expect(dev.get(waiting)!.dorGaps & DorGap.EXTERNAL_BLOCKER).toBe(po.get(waiting)!.dorGaps & DorGap.EXTERNAL_BLOCKER);
    expect(dev.get(waiting)!.dorGaps & DorGap.EXTERNAL_BLOCKER).toBe(DorGap.EXTERNAL_BLOCKER);

    const fill = data(await call<FillDto>(world.site.dev, 'getFill', {}));
    const notes = (key: string) => fill.flags.filter(([ref]) => keyOf(ref) === key).map(([, message]) => message);
    expect(notes(needed)).toEqual(['needed by an issue you cannot see']);
    expect(notes(waiting)).toEqual(['depends on an issue you cannot see']);
    // Left out as the PO's plan leaves it out (not ready: it waits on another team).
    const poFill = data(await call<FillDto>(world.site.po, 'getFill', {}));
    const leftOut = (dto: FillDto) => dto.leftOut.find((l) => keyOf(l[0]) === waiting)?.[1];
    expect(leftOut(fill)).toBe(leftOut(poFill));
    expect(leftOut(fill)).toBeDefined();

    const insight = data(await callIssue<IssueInsightDto>(world.site.dev, 'getIssueInsight', {}, { project: 'ORION', issue: needed }));
    expect(insight.notes).toContain('needed by an issue you cannot see');

    // Nothing of the hidden issues in anything the developer got: no key, project, summary or sprint name.
    const readiness = data(await callIssue<IssueInsightDto>(world.site.dev, 'getIssueInsight', {}, { project: 'ORION', issue: waiting }));
    const everything = JSON.stringify([
      [...dev.values()],
      fill,
      insight,
      readiness,
      data(await call(world.site.dev, 'getRefinement', {})),
      data(await call(world.site.dev, 'getSummaries', {})),
      data(await call(world.site.dev, 'getBalance', {})),
      await call(world.site.dev, 'getFill', { pins: [{ key: waiting, iteration: 0 }] }),
    ]);
    for (const secret of [dependent.key, blocker.key, 'LYRA', dependent.summary, blocker.summary, lyraSprint.name]) expect(everything).not.toContain(secret);
  });

  it('is counted once someone who may see the link has read the backlog (until then the developer cannot know)', async () => {
    const { needed, dependent } = pick();
    await asPo('/rest/api/3/issueLink', { type: { name: 'Blocks' }, inwardIssue: { key: needed }, outwardIssue: { key: dependent.key } });
    await forgetLoadedBacklogs(world.platform);
    expect((await rows(world.site.dev)).get(needed)?.source).toBe('l');
    await rows(world.site.po);
    expect((await rows(world.site.dev)).get(needed)?.source).toBe('o');
  });

  it("a developer whose read overlapped the PO's does not erase what the PO recorded (reads of several users race)", async () => {
    const { needed, dependent } = pick();
    await asPo('/rest/api/3/issueLink', { type: { name: 'Blocks' }, inwardIssue: { key: needed }, outwardIssue: { key: dependent.key } });
    await forgetLoadedBacklogs(world.platform);
    const store = world.platform.store;
    const recordOf = async () => JSON.stringify(await store.linkCensus('ORION'));
    // The developer's read takes the record before the PO's read writes it, and writes after it.
    const readByDev = jest.spyOn(store, 'linkCensus').mockResolvedValueOnce({});
    await rows(world.site.po);
    const recorded = await recordOf();
    expect(recorded).toContain(dependent.key);
    await forgetLoadedBacklogs(world.platform);
    readByDev.mockResolvedValueOnce({});
    await rows(world.site.dev);
    readByDev.mockRestore();
    expect(await recordOf()).toContain(dependent.key);
    await forgetLoadedBacklogs(world.platform);
    expect((await rows(world.site.dev)).get(needed)?.source).toBe('o');
  });

  it('a damaged record costs the counts, never the read', async () => {
    await world.platform.store.kv.set('proj:ORION:link-census', { 'ORION-1': 'not a list', 'ORION-2': [{ key: 7, direction: 'sideways' }] });
    expect((await call<BacklogDto>(world.site.dev, 'getBacklog', {})).ok).toBe(true);
    await world.platform.store.kv.set('proj:ORION:link-census', ['not', 'a', 'record']);
    expect((await call<FillDto>(world.site.dev, 'getFill', {})).ok).toBe(true);
  });

  it('a link the developer can see is never counted as hidden, and one to a project they may now browse stops being', async () => {
    const { needed, dependent } = pick();
    await asPo('/rest/api/3/issueLink', { type: { name: 'Blocks' }, inwardIssue: { key: needed }, outwardIssue: { key: dependent.key } });
    await forgetLoadedBacklogs(world.platform);
    await rows(world.site.po);
    expect((await rows(world.site.dev)).get(needed)!.flags & RowFlag.HIDDEN_LINK).toBe(RowFlag.HIDDEN_LINK);
    // An admin lets the developer browse LYRA: the link shows, and nothing is counted as hidden.
    world.site.setProjectPermissions(world.site.dev.accountId, 'LYRA', ['BROWSE_PROJECTS']);
    await forgetLoadedBacklogs(world.platform);
    const dev = await rows(world.site.dev);
    expect(dev.get(needed)!.flags & RowFlag.HIDDEN_LINK).toBe(0);
    expect(dev.get(needed)?.source).toBe('o');
  });
});
