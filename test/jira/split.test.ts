import { createJiraHttp } from '../../src/jira/http';
import { InvalidWriteError } from '../../src/jira/errors';
import { splitIssue, splitPartLabel } from '../../src/jira/writes/split';
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
