/*
 * Issue 13, case 10 through the resolvers: a committed story under a closed (Done) feature is flagged
 * "parent closed: keep or trim?" in the Backlog tab, the Fill tab and the issue panel alike.
 */
import { createIssuePanelResolver, createPanelResolver } from '../../src/resolvers';
import { decodeBacklogRow, RowFlag, type BacklogDto, type FillDto, type IssueInsightDto, type IssueRef } from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

// Several resolver calls against the demo site each: more than Jest's 5 s on a busy machine.
jest.setTimeout(60_000);

let world: World;
const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);

beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.site.close());

it('a committed story under a closed parent is flagged in Backlog, Fill and the issue panel (case 10)', async () => {
  const call = caller(createPanelResolver(world.platform).getDefinitions());
  const callIssue = caller(createIssuePanelResolver(world.platform).getDefinitions());
  const fill = data(await call<FillDto>(world.site.po, 'getFill', {}));
  const flagged = fill.flags.filter(([, message]) => /^parent ART-\d+ closed: keep or trim\?$/.test(message)).map(([ref]) => keyOf(ref));
  // The demo seed has one; the parent is Done in Jira.
  expect(flagged.length).toBeGreaterThan(0);
  const key = flagged[0]!;
  const parent = world.site.view.issue(key)!.parentKey!;
  expect(world.site.view.statusCategory(parent)).toBe('done');

  const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
  const row = backlog.rows.map(decodeBacklogRow).find((r) => keyOf(r.key) === key)!;
  expect(row.flags & (RowFlag.PARENT_CLOSED | RowFlag.COMMITTED)).toBe(RowFlag.PARENT_CLOSED | RowFlag.COMMITTED);
  // Every item the Fill tab flags is flagged in the Backlog tab too.
  const rowsFlagged = new Set(backlog.rows.map(decodeBacklogRow).filter((r) => r.flags & RowFlag.PARENT_CLOSED).map((r) => keyOf(r.key)));
  expect(flagged.filter((k) => !rowsFlagged.has(k))).toEqual([]);

  const insight = data(await callIssue<IssueInsightDto>(world.site.po, 'getIssueInsight', {}, { project: 'ORION', issue: key }));
  expect(insight.flags & RowFlag.PARENT_CLOSED).toBe(RowFlag.PARENT_CLOSED);
});
