import fc from 'fast-check';
import { createJiraHttp } from '../../src/jira/http';
import { InvalidWriteError, InvalidJiraKeyError } from '../../src/jira/errors';
import { rankAsTop, rankIssues } from '../../src/jira/writes/rank';
import { moveIssuesToSprint } from '../../src/jira/writes/sprint';
import { labelAsTail, trimTail, chooseTrimTransition } from '../../src/jira/writes/tail';
import { setIssueNumbers } from '../../src/jira/writes/fields';
import type { FieldMap } from '../../src/jira/types';
import { fakeClock, fakeJira, reply, type FakeCall, type FakeReply } from './fakeJira';

const keys = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `TEAM-${from + i}`);

/** A board whose rank order the fake rank endpoint really changes, with Jira's 50-issue limit. */
function rankedBoard(initial: string[], failing: Set<string> = new Set()) {
  let order = [...initial];
  const jira = fakeJira((call) => {
    if (call.method !== 'PUT' || call.path !== '/rest/agile/1.0/issue/rank') return reply(404);
    const body = call.body as { issues: string[]; rankBeforeIssue?: string; rankAfterIssue?: string };
    if (body.issues.length > 50) return reply(400, { errorMessages: ['Cannot rank more than 50 issues at once.'] });
    const moving = body.issues.filter((k) => !failing.has(k));
    order = order.filter((k) => !moving.includes(k));
    const anchor = (body.rankBeforeIssue ?? body.rankAfterIssue) as string;
    const at = order.indexOf(anchor) + (body.rankAfterIssue ? 1 : 0);
    order.splice(at, 0, ...moving);
    if (moving.length === body.issues.length) return reply(204);
    return reply(207, {
      entries: body.issues.map((k, i) => (failing.has(k) ? { issueId: i, issueKey: k, status: 403, errors: ['You cannot rank this issue.'] } : { issueId: i, issueKey: k, status: 200 })),
    });
  });
  return { jira, order: () => order };
}

describe('rank', () => {
  it('re-ranks 120 issues in batches of at most 50 and ends in exactly the intended order', async () => {
    const initial = keys(130);
    const board = rankedBoard(initial);
    const desired = keys(120, 11).reverse();
    const outcome = await rankAsTop(createJiraHttp(board.jira.requestJira), desired, 'TEAM-1', { rankFieldId: 10019 });
    expect(outcome).toEqual({ changed: desired, notChanged: [], complete: true });
    expect(board.order().slice(0, 120)).toEqual(desired);
    expect(board.order().slice(120)).toEqual(keys(10));
    const bodies = board.jira.calls.map((c) => c.body as { issues: string[]; rankBeforeIssue?: string; rankAfterIssue?: string; rankCustomFieldId?: number });
    expect(bodies.map((b) => b.issues.length)).toEqual([50, 50, 20]);
    expect(bodies[0]).toMatchObject({ rankBeforeIssue: 'TEAM-1', rankCustomFieldId: 10019 });
    expect(bodies[1]?.rankAfterIssue).toBe(desired[49]);
    expect(bodies[2]?.rankAfterIssue).toBe(desired[99]);
  });

  it('places any permutation, of any size, contiguously before or after any anchor', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 180 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.shuffledSubarray(keys(n), { minLength: 1, maxLength: n - 1 }), fc.nat(), fc.boolean()),
        ),
        async ([n, desired, pick, before]) => {
          const board = rankedBoard(keys(n));
          const others = keys(n).filter((k) => !desired.includes(k));
          const anchorKey = others[pick % others.length] as string;
          const outcome = await rankIssues(createJiraHttp(board.jira.requestJira), desired, before ? { before: anchorKey } : { after: anchorKey });
          expect(outcome).toEqual({ changed: desired, notChanged: [], complete: true });
          const order = board.order();
          const at = order.indexOf(anchorKey);
          const placed = before ? order.slice(at - desired.length, at) : order.slice(at + 1, at + 1 + desired.length);
          expect(placed).toEqual(desired);
          expect(order.filter((k) => !desired.includes(k))).toEqual(others);
          expect(board.jira.calls).toHaveLength(Math.ceil(desired.length / 50));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('handles a new order that contains the current top issue', async () => {
    const board = rankedBoard(keys(60));
    const desired = [...keys(59, 2).reverse(), 'TEAM-1'];
    const outcome = await rankAsTop(createJiraHttp(board.jira.requestJira), desired, 'TEAM-1');
    expect(outcome.complete).toBe(true);
    expect(board.order()).toEqual(desired);
  });

  it('stops at a partial (207) batch and lists exactly what did and did not move', async () => {
    const board = rankedBoard(keys(130), new Set(['TEAM-70']));
    const desired = keys(120, 11);
    const outcome = await rankIssues(createJiraHttp(board.jira.requestJira), desired, { before: 'TEAM-1' });
    expect(outcome.complete).toBe(false);
    expect(outcome.changed).toEqual(desired.slice(0, 100).filter((k) => k !== 'TEAM-70'));
    expect(outcome.notChanged[0]).toEqual({
      key: 'TEAM-70',
      reason: expect.stringContaining('You cannot rank this issue.'),
      text: { key: 'job.failure.notRanked', params: { reason: 'You cannot rank this issue.' } },
      notAttempted: false,
    });
    expect(outcome.notChanged.slice(1).map((n) => n.key)).toEqual(desired.slice(100));
    expect(outcome.notChanged.slice(1).every((n) => n.notAttempted)).toBe(true);
    expect(board.jira.calls).toHaveLength(2);
  });

  it('reports the whole batch and the rest when a batch fails outright', async () => {
    let calls = 0;
    const jira = fakeJira(() => (++calls === 2 ? reply(403, { errorMessages: ['Rank permission missing'] }) : reply(204)));
    const outcome = await rankIssues(createJiraHttp(jira.requestJira), keys(110, 2), { after: 'TEAM-1' });
    expect(outcome.changed).toEqual(keys(50, 2));
    expect(outcome.notChanged.filter((n) => !n.notAttempted).map((n) => n.key)).toEqual(keys(50, 52));
    expect(outcome.notChanged.filter((n) => n.notAttempted).map((n) => n.key)).toEqual(keys(10, 102));
    expect(outcome.notChanged[0]?.reason).toContain('Rank permission missing');
  });

  it('refuses bad input before sending anything', async () => {
    const jira = fakeJira(() => reply(204));
    const http = createJiraHttp(jira.requestJira);
    await expect(rankIssues(http, ['TEAM-1', 'TEAM-1'], { before: 'TEAM-9' })).rejects.toBeInstanceOf(InvalidWriteError);
    await expect(rankIssues(http, ['TEAM-1'], { before: 'TEAM-1' })).rejects.toBeInstanceOf(InvalidWriteError);
    await expect(rankIssues(http, ['TEAM-1/../x'], { before: 'TEAM-9' })).rejects.toBeInstanceOf(InvalidJiraKeyError);
    expect(jira.calls).toHaveLength(0);
  });
});

describe('sprint moves', () => {
  it('moves 120 issues in batches of at most 50, each issue exactly once', async () => {
    const jira = fakeJira((call) => ((call.body as { issues: string[] }).issues.length > 50 ? reply(400) : reply(204)));
    const outcome = await moveIssuesToSprint(createJiraHttp(jira.requestJira), 31, keys(120));
    expect(outcome).toEqual({ changed: keys(120), notChanged: [], complete: true });
    expect(jira.calls.map((c) => c.path)).toEqual(Array(3).fill('/rest/agile/1.0/sprint/31/issue'));
    expect(jira.calls.flatMap((c) => (c.body as { issues: string[] }).issues)).toEqual(keys(120));
  });

  it('retries a throttled batch without duplicating or losing issues', async () => {
    const seen: string[] = [];
    let throttledOnce = false;
    const jira = fakeJira((call) => {
      const batch = (call.body as { issues: string[] }).issues;
      if (batch[0] === 'TEAM-51' && !throttledOnce) {
        throttledOnce = true;
        return reply(429, {}, { 'Retry-After': '5' });
      }
      seen.push(...batch);
      return reply(204);
    });
    const clock = fakeClock();
    const outcome = await moveIssuesToSprint(createJiraHttp(jira.requestJira, { retry: clock }), 7, keys(120));
    expect(outcome.complete).toBe(true);
    expect(seen).toEqual(keys(120));
    expect(clock.slept).toEqual([5000]);
  });

  it('reports which issues were not moved when Jira keeps refusing', async () => {
    const jira = fakeJira((call) => ((call.body as { issues: string[] }).issues[0] === 'TEAM-51' ? reply(503) : reply(204)));
    const outcome = await moveIssuesToSprint(createJiraHttp(jira.requestJira, { retry: { ...fakeClock(), maxAttempts: 3 } }), 7, keys(120));
    expect(outcome.changed).toEqual(keys(50));
    expect(outcome.notChanged.map((n) => n.key)).toEqual(keys(70, 51));
    expect(outcome.notChanged[0]?.notAttempted).toBe(false);
    expect(outcome.notChanged[60]?.notAttempted).toBe(true);
  });
});

describe('tail', () => {
  it('labels each issue backlog-tail with an add operation, never replacing labels', async () => {
    const jira = fakeJira(() => reply(204));
    const outcome = await labelAsTail(createJiraHttp(jira.requestJira), ['TEAM-1', 'TEAM-2']);
    expect(outcome.complete).toBe(true);
    expect(jira.calls).toEqual([
      expect.objectContaining({ method: 'PUT', path: '/rest/api/3/issue/TEAM-1', body: { update: { labels: [{ add: 'backlog-tail' }] } } }),
      expect.objectContaining({ method: 'PUT', path: '/rest/api/3/issue/TEAM-2', body: { update: { labels: [{ add: 'backlog-tail' }] } } }),
    ]);
  });

  it('trims by transitioning to a Done-category "Won\'t Do", never plain Done, and never deletes', async () => {
    const transitions = {
      transitions: [
        { id: '31', name: 'Done', to: { name: 'Done', statusCategory: { key: 'done' } } },
        { id: '41', name: 'Drop', to: { name: 'Won’t Do', statusCategory: { key: 'done' } } },
        { id: '21', name: 'Start', to: { name: 'In Progress', statusCategory: { key: 'indeterminate' } } },
      ],
    };
    const jira = fakeJira((call: FakeCall): FakeReply => {
      if (call.path === '/rest/api/3/issue/TEAM-3/transitions' && call.method === 'GET') return reply(200, { transitions: transitions.transitions.slice(0, 1) });
      if (call.method === 'GET') return reply(200, transitions);
      if (call.path === '/rest/api/3/issue/TEAM-4/transitions') return reply(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'] });
      return reply(204);
    });
    const outcome = await trimTail(createJiraHttp(jira.requestJira), ['TEAM-1', 'TEAM-3', 'TEAM-4', 'TEAM-5']);
    expect(outcome.changed).toEqual(['TEAM-1', 'TEAM-5']);
    expect(outcome.notChanged.map((n) => [n.key, n.notAttempted])).toEqual([
      ['TEAM-3', false],
      ['TEAM-4', false],
    ]);
    expect(outcome.notChanged[0]?.reason).toMatch(/no transition to a closing status/);
    const posts = jira.calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => [c.path, c.body])).toEqual([
      ['/rest/api/3/issue/TEAM-1/transitions', { transition: { id: '41' } }],
      ['/rest/api/3/issue/TEAM-4/transitions', { transition: { id: '41' } }],
      ['/rest/api/3/issue/TEAM-5/transitions', { transition: { id: '41' } }],
    ]);
    expect(jira.calls.some((c) => c.method === 'DELETE')).toBe(false);
  });

  it('chooses no transition when only plain Done exists', () => {
    expect(chooseTrimTransition([{ id: '1', name: 'Done', toName: 'Done', toCategory: 'done' }], ["Won't Do"])).toBeNull();
    expect(chooseTrimTransition([{ id: '2', name: "Won't Do", toName: "Won't Do", toCategory: 'indeterminate' }], ["Won't Do"])).toBeNull();
  });

  it('stops trimming when Jira keeps throttling, and says which were not attempted', async () => {
    const jira = fakeJira((call) => (call.path.includes('TEAM-2') ? reply(429, {}, { 'Retry-After': '1' }) : reply(200, { transitions: [{ id: '9', name: "Won't Do", to: { name: "Won't Do", statusCategory: { key: 'done' } } }] })));
    const outcome = await trimTail(createJiraHttp(jira.requestJira, { retry: { ...fakeClock(), maxAttempts: 2 } }), ['TEAM-1', 'TEAM-2', 'TEAM-3']);
    expect(outcome.changed).toEqual(['TEAM-1']);
    expect(outcome.notChanged.map((n) => [n.key, n.notAttempted])).toEqual([
      ['TEAM-2', false],
      ['TEAM-3', true],
    ]);
  });
});

describe('WSJF and points writes', () => {
  const fieldMap: FieldMap = { storyPoints: 'customfield_10016', sprint: null, businessValue: 'customfield_1', timeCriticality: 'customfield_2', riskReduction: 'customfield_3', jobSize: null, acceptanceCriteria: null };

  it('writes only the given components to their mapped fields', async () => {
    const jira = fakeJira(() => reply(204));
    const outcome = await setIssueNumbers(createJiraHttp(jira.requestJira), fieldMap, [{ key: 'TEAM-1', values: { businessValue: 8, riskReduction: null, storyPoints: 3 } }]);
    expect(outcome.complete).toBe(true);
    expect(jira.calls[0]?.body).toEqual({ fields: { customfield_1: 8, customfield_3: null, customfield_10016: 3 } });
  });

  it('refuses an unmapped field or a negative value before sending', async () => {
    const jira = fakeJira(() => reply(204));
    const http = createJiraHttp(jira.requestJira);
    await expect(setIssueNumbers(http, fieldMap, [{ key: 'TEAM-1', values: { jobSize: 3 } }])).rejects.toThrow(/map it in Settings/);
    await expect(setIssueNumbers(http, fieldMap, [{ key: 'TEAM-1', values: { businessValue: -1 } }])).rejects.toBeInstanceOf(InvalidWriteError);
    expect(jira.calls).toHaveLength(0);
  });
});
