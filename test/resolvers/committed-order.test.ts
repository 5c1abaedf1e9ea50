import { createPanelResolver } from '../../src/resolvers';
import { RowFlag, type BacklogDto, type BalanceDto, type IssueRef } from '../../src/contracts';
import { caller, data, forgetLoadedBacklogs, startWorld, type World } from './helpers';

// The PI-planning order of committed stories is a snapshot: re-ranking them in Jira afterwards must not
// silently change the order the fill keeps.
let world: World;
let call: ReturnType<typeof caller>;
const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);

beforeEach(async () => {
  world = await startWorld();
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterEach(() => world.site.close());

async function committedOrder(): Promise<string[]> {
  const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
  return backlog.rows.filter((r) => (r[11] & RowFlag.COMMITTED) !== 0).map((r) => keyOf(r[0]));
}

async function rankFirst(key: string, before: string): Promise<void> {
  const res = await fetch(`${world.site.baseUrl}/rest/agile/1.0/issue/rank`, {
    method: 'PUT',
    headers: { authorization: world.site.po.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ issues: [key], rankBeforeIssue: before }),
  });
  expect(res.status).toBeLessThan(300);
  await forgetLoadedBacklogs(world.platform);
}

it('keeps the committed order first seen when the stories are re-ranked in Jira', async () => {
  const first = await committedOrder();
  expect(first.length).toBeGreaterThan(2);
  const last = first[first.length - 1] as string;
  await rankFirst(last, first[0] as string);
  expect(world.site.view.rankOrder('ORION').indexOf(last)).toBeLessThan(world.site.view.rankOrder('ORION').indexOf(first[0] as string));
  expect(await committedOrder()).toEqual(first);
});

it('a re-baseline by the PO takes the current Jira rank as the committed order; a viewer may not', async () => {
  const first = await committedOrder();
  const last = first[first.length - 1] as string;
  await rankFirst(last, first[0] as string);
  const viewer = world.site.users.find((u) => u.email.startsWith('viewer'))!;
  const refused = await call(viewer, 'rebaselineCommittedOrder', { piId: data(await call<BalanceDto>(viewer, 'getBalance', {})).pi.id });
  expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await committedOrder()).toEqual(first);

  const piId = data(await call<BalanceDto>(world.site.po, 'getBalance', {})).pi.id;
  const done = data(await call<{ committed: IssueRef[] }>(world.site.po, 'rebaselineCommittedOrder', { piId }));
  const expected = [last, ...first.slice(0, -1)];
  expect(done.committed.map(keyOf)).toEqual(expected);
  expect(await committedOrder()).toEqual(expected);
});
