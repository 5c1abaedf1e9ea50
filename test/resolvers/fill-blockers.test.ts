import { createIssuePanelResolver, createPanelResolver } from '../../src/resolvers';
import type { FillDto, IssueInsightDto, IssueRef } from '../../src/contracts';
import { caller, data, forgetLoadedBacklogs, startWorld, type World } from './helpers';

// A story waiting on work in the running sprint, or on an item the PO pinned, must still be planned: the fill
// request leaves both out, so a blocker kept in `blockedBy` would leave the story out as `blocked` forever.
let world: World;
let call: ReturnType<typeof caller>;
let callIssue: ReturnType<typeof caller>;
const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);
const whereIs = (fill: FillDto, key: string) => fill.iterations.findIndex((it) => it.items.some((ref) => keyOf(ref) === key));

async function link(blocker: string, blocked: string): Promise<void> {
  const res = await fetch(`${world.site.baseUrl}/rest/api/3/issueLink`, {
    method: 'POST',
    headers: { authorization: world.site.po.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ type: { name: 'Blocks' }, inwardIssue: { key: blocker }, outwardIssue: { key: blocked } }),
  });
  expect(res.status).toBe(201);
  await forgetLoadedBacklogs(world.platform);
}

beforeEach(async () => {
  world = await startWorld();
  call = caller(createPanelResolver(world.platform).getDefinitions());
  callIssue = caller(createIssuePanelResolver(world.platform).getDefinitions());
});
afterEach(() => world.site.close());

describe('fill: blockers outside the request', () => {
  it('a blocker in the running sprint does not keep a story out of the next iterations (panel and issue panel)', async () => {
    const before = data(await call<FillDto>(world.site.po, 'getFill', {}));
    const story = keyOf(before.iterations[0]!.items[0]!);
    const active = world.site.view.sprints(1).find((sp) => sp.state === 'active')!;
    const running = world.site.view.sprintIssueKeys(active.id).find((k) => k.startsWith('ORION-') && world.site.view.statusCategory(k) !== 'done')!;
    expect(running).toBeDefined();
    await link(running, story);

    const after = data(await call<FillDto>(world.site.po, 'getFill', {}));
    expect(after.leftOut.find((l) => keyOf(l[0]) === story)).toBeUndefined();
    expect(whereIs(after, story)).toBe(0);
    const insight = data(await callIssue<IssueInsightDto>(world.site.po, 'getIssueInsight', {}, { project: 'ORION', issue: story }));
    expect(insight.plan).toEqual(expect.objectContaining({ iteration: expect.any(String) }));
  });

  it('a pinned blocker counts as planned in its iteration: the story goes there or later, not out', async () => {
    const before = data(await call<FillDto>(world.site.po, 'getFill', {}));
    const [first, second] = before.iterations[0]!.items.map(keyOf) as [string, string];
    await link(first, second);

    const pinned = data(await call<FillDto>(world.site.po, 'getFill', { pins: [{ key: first, iteration: 1 }] }));
    expect(whereIs(pinned, first)).toBe(1);
    expect(pinned.leftOut.find((l) => keyOf(l[0]) === second)).toBeUndefined();
    expect(whereIs(pinned, second)).toBe(1);
    // Left out by the PO, the blocker is not planned at all: the story waits, and says on what.
    const excluded = data(await call<FillDto>(world.site.po, 'getFill', { exclude: [first] }));
    expect(excluded.leftOut.find((l) => keyOf(l[0]) === second)).toEqual([expect.anything(), 'blocked', expect.stringContaining(first), { key: 'leftOut.detail.blocked', params: { blockers: first } }]);
  });

  it('a left-out story names only the blockers that still hold it back', async () => {
    const before = data(await call<FillDto>(world.site.po, 'getFill', {}));
    const [story, other] = before.iterations[0]!.items.map(keyOf) as [string, string];
    const active = world.site.view.sprints(1).find((sp) => sp.state === 'active')!;
    const running = world.site.view.sprintIssueKeys(active.id).find((k) => k.startsWith('ORION-') && world.site.view.statusCategory(k) !== 'done')!;
    await link(running, story);
    await link(other, story);
    const excluded = data(await call<FillDto>(world.site.po, 'getFill', { exclude: [other] }));
    expect(excluded.leftOut.find((l) => keyOf(l[0]) === story)).toEqual([expect.anything(), 'blocked', `waits on ${other}`, { key: 'leftOut.detail.blocked', params: { blockers: other } }]);
  });
});
