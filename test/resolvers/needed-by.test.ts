/*
 * Issue 13, case 6 end to end: the Jira layer reads the sprint of the issue our story blocks in another team's
 * project, so the story gets a needed-by on a real site (demo site -> load -> fill use case -> Fill DTO).
 */
import { createPanelResolver } from '../../src/resolvers';
import type { FillDto, IssueRef } from '../../src/contracts';
import { caller, data, forgetLoadedBacklogs, startWorld, type World } from './helpers';

// Several resolver calls against the demo site each: more than Jest's 5 s on a busy machine.
jest.setTimeout(60_000);

const DAY = 86_400_000;
let world: World;
let call: ReturnType<typeof caller>;
const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);
/** No parent in the program project: a story of the team's own, or (once it blocks another team's issue) one another team needs. */
const isLocal = (key: string): boolean => !world.site.view.issue(key)?.parentKey?.startsWith('ART-');
const lateFlags = (fill: FillDto, key: string) => fill.flags.filter(([ref, message]) => keyOf(ref) === key && message.startsWith('late for'));
const whereIs = (fill: FillDto, key: string) => fill.iterations.findIndex((it) => it.items.some((ref) => keyOf(ref) === key));

async function asPo(method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${world.site.baseUrl}${path}`, {
    method,
    headers: { authorization: world.site.po.authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

/** `blocker` blocks `blocked` (Jira's "Blocks": the inward issue blocks the outward one). */
async function link(blocker: string, blocked: string): Promise<void> {
  await asPo('POST', '/rest/api/3/issueLink', { type: { name: 'Blocks' }, inwardIssue: { key: blocker }, outwardIssue: { key: blocked } });
}

/** An open LYRA issue in no sprint, put into LYRA's next (future, undated) sprint; with that sprint. */
async function lyraIssueInNextSprint(): Promise<{ key: string; sprint: string; start: string }> {
  const board = world.site.view.boards().find((b) => b.projectKey === 'LYRA')!;
  const sprints = world.site.view.sprints(board.id);
  const next = sprints.filter((s) => s.state === 'future').sort((a, b) => a.id - b.id)[0]!;
  const active = sprints.find((s) => s.state === 'active')!;
  const issue = world.site.view.issues().find((i) => i.projectKey === 'LYRA' && i.sprintIds.length === 0 && world.site.view.statusCategory(i.key) !== 'done' && i.issueType === 'Story')!;
  await asPo('POST', `/rest/agile/1.0/sprint/${next.id}/issue`, { issues: [issue.key] });
  // Jira gives a future sprint no dates: it follows the board's cadence, starting the day after the active one ends.
  expect(next.startDate).toBeNull();
  const start = new Date(Math.ceil(Date.parse(active.endDate!) / DAY) * DAY).toISOString().slice(0, 10);
  return { key: issue.key, sprint: next.name, start };
}

beforeEach(async () => {
  world = await startWorld();
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterEach(() => world.site.close());

describe("stories other teams need, read from the dependent's sprint (case 6, the Jira side)", () => {
  it("a story blocking an issue in the other team's next sprint is planned before it starts, and not flagged", async () => {
    const before = data(await call<FillDto>(world.site.po, 'getFill', {}));
    // A local story (no program parent) of the plan, the last one of the first iteration.
    const waiting = before.iterations[0]!.items.map(keyOf).filter(isLocal).pop()!;
    const dependent = await lyraIssueInNextSprint();
    await link(waiting, dependent.key);
    await forgetLoadedBacklogs(world.platform);
    world.site.clearRequestLog();

    const after = data(await call<FillDto>(world.site.po, 'getFill', {}));
    // LYRA's next sprint starts when our first upcoming iteration is under way: needed by that one.
    expect(whereIs(after, waiting)).toBe(0);
    expect(lateFlags(after, waiting)).toEqual([]);
    // Read with the other dependents in bulk, never one request per linked issue.
    expect(world.site.requestLog.some((r) => r.path.startsWith(`/rest/api/3/issue/${dependent.key}`))).toBe(false);
  });

  it('one that cannot make it is flagged "late for KEY (sprint, date)" in the Fill tab', async () => {
    const before = data(await call<FillDto>(world.site.po, 'getFill', {}));
    const notReady = before.leftOut.filter((l) => l[1] === 'notReady').map((l) => keyOf(l[0])).find(isLocal)!;
    const dependent = await lyraIssueInNextSprint();
    await link(notReady, dependent.key);
    await forgetLoadedBacklogs(world.platform);

    const after = data(await call<FillDto>(world.site.po, 'getFill', {}));
    expect(lateFlags(after, notReady)).toEqual([
      [
        expect.anything(),
        `late for ${dependent.key} (${dependent.sprint}, ${dependent.start})`,
        // By key too, the date as an ISO day: the UI shows it in the reader's language and date format.
        { key: 'plan.flag.late', params: { dependent: dependent.key, sprint: dependent.sprint, date: dependent.start } },
      ],
    ]);
  });

  it('a refresh picks up the dependent moving to a sprint, without a full load', async () => {
    const before = data(await call<FillDto>(world.site.po, 'getFill', {}));
    const notReady = before.leftOut.filter((l) => l[1] === 'notReady').map((l) => keyOf(l[0])).find(isLocal)!;
    const lyra = world.site.view.issues().find((i) => i.projectKey === 'LYRA' && i.sprintIds.length === 0 && world.site.view.statusCategory(i.key) !== 'done')!;
    await link(notReady, lyra.key);
    await forgetLoadedBacklogs(world.platform);
    const linked = data(await call<FillDto>(world.site.po, 'getFill', {}));
    expect(lateFlags(linked, notReady)).toEqual([]);

    const board = world.site.view.boards().find((b) => b.projectKey === 'LYRA')!;
    const next = world.site.view.sprints(board.id).filter((s) => s.state === 'future').sort((a, b) => a.id - b.id)[0]!;
    await asPo('POST', `/rest/agile/1.0/sprint/${next.id}/issue`, { issues: [lyra.key] });
    const moved = data(await call<FillDto>(world.site.po, 'getFill', {}));
    expect(lateFlags(moved, notReady)).toEqual([[expect.anything(), expect.stringContaining(`late for ${lyra.key} (${next.name}, `), expect.objectContaining({ key: 'plan.flag.late' })]]);
  });
});
