import { createJiraHttp } from '../../src/jira/http';
import { InvalidWriteError } from '../../src/jira/errors';
import { SPLIT_SOURCE_LABEL, splitIssue, splitPartLabel } from '../../src/jira/writes/split';
import type { FieldMap } from '../../src/jira/types';
import { reply, toResponse } from './fakeJira';
import { MiniJira, POINTS, SPRINT } from './miniJira';

const fieldMap: FieldMap = { storyPoints: POINTS, sprint: SPRINT, businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null, acceptanceCriteria: null };

function setup() {
  const mini = new MiniJira();
  mini.visibleProjects = new Set(['TEAM', 'ART']);
  mini.add({ key: 'ART-1', type: 'Feature', summary: 'Invoicing' });
  mini.add({ key: 'TEAM-5', type: 'Enabler', points: 13, parent: 'ART-1' });
  return mini;
}

const parts = [
  { summary: 'Invoice PDF', points: 5 },
  { summary: 'Invoice e-mail', points: 5 },
  { summary: 'Invoice archive', points: 3 },
];

describe('splitIssue', () => {
  it('creates the stories in the same project with parent, points and a link to the original', async () => {
    const mini = setup();
    const outcome = await splitIssue(createJiraHttp(mini.jira.requestJira), fieldMap, { originalKey: 'TEAM-5', splitId: 's1', parts });
    expect(outcome.complete).toBe(true);
    const created = outcome.parts.map((p) => mini.get(p.key as string));
    expect(created.map((c) => [c.summary, c.points, c.parent, c.type, c.labels])).toEqual([
      ['Invoice PDF', 5, 'ART-1', 'Enabler', [splitPartLabel('s1', 0)]],
      ['Invoice e-mail', 5, 'ART-1', 'Enabler', [splitPartLabel('s1', 1)]],
      ['Invoice archive', 3, 'ART-1', 'Enabler', [splitPartLabel('s1', 2)]],
    ]);
    expect(outcome.parts.every((p) => p.createdNow && p.linked)).toBe(true);
    expect(mini.linksCreated).toEqual(created.map((c) => ['TEAM-5', c.key]));
  });

  it('closes the original as dropped and labels it once the parts exist and are linked, so its points do not count twice', async () => {
    const mini = setup();
    const outcome = await splitIssue(createJiraHttp(mini.jira.requestJira), fieldMap, { originalKey: 'TEAM-5', splitId: 's1', parts });
    expect(outcome.original).toEqual({ labelled: true, closedAs: "Won't Do", closedNow: true, reason: null });
    const original = mini.get('TEAM-5');
    expect([original.category, original.statusName, original.labels]).toEqual(['done', "Won't Do", [SPLIT_SOURCE_LABEL]]);
    expect(original.points).toBe(13);
    // Never deleted, and closed only after the last link.
    expect(mini.calls.some((c) => c.method === 'DELETE')).toBe(false);
    const writes = mini.calls.filter((c) => c.method !== 'GET' && !c.path.startsWith('/rest/api/3/search')).map((c) => `${c.method} ${c.path}`);
    expect(writes.slice(-5)).toEqual([
      'POST /rest/api/3/issueLink',
      'POST /rest/api/3/issueLink',
      'POST /rest/api/3/issueLink',
      'PUT /rest/api/3/issue/TEAM-5',
      'POST /rest/api/3/issue/TEAM-5/transitions',
    ]);
  });

  it('refuses parts whose points do not sum to the original, before creating anything', async () => {
    const mini = setup();
    const http = createJiraHttp(mini.jira.requestJira);
    await expect(splitIssue(http, fieldMap, { originalKey: 'TEAM-5', splitId: 's1', parts: parts.slice(0, 2) })).rejects.toThrow(/add up to 10 points but TEAM-5 has 13/);
    mini.get('TEAM-5').points = null;
    await expect(splitIssue(http, fieldMap, { originalKey: 'TEAM-5', splitId: 's1', parts })).rejects.toBeInstanceOf(InvalidWriteError);
    await expect(splitIssue(http, fieldMap, { originalKey: 'TEAM-5', splitId: 'Bad Id', parts })).rejects.toBeInstanceOf(InvalidWriteError);
    expect(mini.calls.filter((c) => c.method === 'POST' && c.path === '/rest/api/3/issue')).toHaveLength(0);
  });

  it('resumes after a failure without creating any story twice', async () => {
    const mini = setup();
    let creates = 0;
    // The second create reaches Jira but its answer is lost; the third is never sent.
    const flaky = createJiraHttp(async (path, init) => {
      const response = await mini.jira.requestJira(path, init);
      if (path.value === '/rest/api/3/issue' && init?.method === 'POST' && ++creates === 2) throw new Error('socket hang up');
      return response;
    });
    const first = await splitIssue(flaky, fieldMap, { originalKey: 'TEAM-5', splitId: 's2', parts });
    expect(first.complete).toBe(false);
    expect(first.parts.map((p) => p.key === null)).toEqual([false, true, true]);
    expect(first.parts[1]?.reason).toMatch(/Could not reach Jira/);
    expect(first.parts[2]?.reason).toMatch(/Not attempted/);
    expect(first.original).toMatchObject({ closedAs: null, closedNow: false, reason: expect.stringContaining('Still open') });
    expect(mini.get('TEAM-5').category).toBe('new');

    const second = await splitIssue(createJiraHttp(mini.jira.requestJira), fieldMap, { originalKey: 'TEAM-5', splitId: 's2', parts });
    expect(second.complete).toBe(true);
    expect(second.parts.map((p) => p.createdNow)).toEqual([false, false, true]);
    const splitStories = mini.issues.filter((i) => i.labels.some((l) => l.startsWith('bb-split-s2-')));
    expect(splitStories.map((i) => i.summary)).toEqual(['Invoice PDF', 'Invoice e-mail', 'Invoice archive']);
    expect(mini.linksCreated.map(([, to]) => to).sort()).toEqual(splitStories.map((s) => s.key).sort());

    const third = await splitIssue(createJiraHttp(mini.jira.requestJira), fieldMap, { originalKey: 'TEAM-5', splitId: 's2', parts });
    expect(third.complete).toBe(true);
    expect(third.parts.every((p) => !p.createdNow)).toBe(true);
    expect(mini.issues.filter((i) => i.labels.some((l) => l.startsWith('bb-split-s2-')))).toHaveLength(3);
    expect(mini.linksCreated).toHaveLength(3);
    expect(second.original).toMatchObject({ closedAs: "Won't Do", closedNow: true });
    // The original is already closed: the retry neither fails on it nor labels or transitions it again.
    expect(third.original).toEqual({ labelled: true, closedAs: "Won't Do", closedNow: false, reason: null });
    expect(mini.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/transitions'))).toHaveLength(1);
    expect(mini.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  it.each([
    ['the label', (path: string, method: string) => method === 'PUT' && path === '/rest/api/3/issue/TEAM-5'],
    ['the transition list', (path: string, method: string) => method === 'GET' && path.endsWith('/transitions')],
    ['the close, whose answer is lost after Jira applied it', (path: string, method: string) => method === 'POST' && path.endsWith('/transitions')],
  ])('resumes when closing the original fails at %s: no part twice, the original closed once', async (_name, failsAt) => {
    const mini = setup();
    let failed = false;
    const flaky = createJiraHttp(async (path, init) => {
      const method = init?.method ?? 'GET';
      if (!failed && failsAt(path.value, method)) {
        failed = true;
        // A create-like POST is never repeated after a lost answer; reads and PUTs are retried on one, so those are refused.
        if (method !== 'POST') return toResponse(reply(403, { errorMessages: ['You do not have permission to edit this issue.'] }));
        await mini.jira.requestJira(path, init);
        throw new Error('socket hang up');
      }
      return mini.jira.requestJira(path, init);
    });
    const first = await splitIssue(flaky, fieldMap, { originalKey: 'TEAM-5', splitId: 's4', parts });
    expect(failed).toBe(true);
    expect(first.complete).toBe(false);
    expect(first.parts.every((p) => p.key !== null && p.linked)).toBe(true);
    expect(first.original.closedAs).toBeNull();
    expect(first.original.reason).toMatch(/new stories exist and are linked, but TEAM-5 is still open/);

    const again = await splitIssue(flaky, fieldMap, { originalKey: 'TEAM-5', splitId: 's4', parts });
    expect(again.complete).toBe(true);
    expect(again.parts.every((p) => !p.createdNow)).toBe(true);
    expect(again.original.closedAs).toBe("Won't Do");
    expect(mini.issues.filter((i) => i.labels.some((l) => l.startsWith('bb-split-s4-')))).toHaveLength(3);
    expect(mini.linksCreated).toHaveLength(3);
    const original = mini.get('TEAM-5');
    expect([original.category, original.labels]).toEqual(['done', [SPLIT_SOURCE_LABEL]]);
  });

  it('reports a story that could not be linked so a retry links it', async () => {
    const mini = setup();
    let failLink = true;
    const http = createJiraHttp(async (path, init) => {
      if (path.value === '/rest/api/3/issueLink' && failLink) {
        failLink = false;
        return toResponse(reply(403, { errorMessages: ['You do not have the permission to link issues.'] }));
      }
      return mini.jira.requestJira(path, init);
    });
    const first = await splitIssue(http, fieldMap, { originalKey: 'TEAM-5', splitId: 's3', parts });
    expect(first.complete).toBe(false);
    expect(first.parts[0]).toMatchObject({ linked: false, reason: expect.stringContaining('not linked to TEAM-5') });
    expect(first.parts.slice(1).every((p) => p.linked)).toBe(true);
    const second = await splitIssue(http, fieldMap, { originalKey: 'TEAM-5', splitId: 's3', parts });
    expect(second.complete).toBe(true);
    expect(mini.linksCreated).toHaveLength(3);
  });
});
