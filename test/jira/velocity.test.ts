import { computeClosedSprintPoints, lastClosedSprints } from '../../src/jira/velocity';
import type { FieldMap, JiraIssueJson, JiraSprint } from '../../src/jira/types';

const fieldMap: FieldMap = { storyPoints: 'pts', sprint: 'spr', businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null, acceptanceCriteria: null };
const sprint = (id: number, state: JiraSprint['state'], completeDate: string | null): JiraSprint => ({ id, name: `S${id}`, state, startDate: null, endDate: null, completeDate, originBoardId: 1 });
const closed = [sprint(1, 'closed', '2026-10-14T10:00:00Z'), sprint(2, 'closed', '2026-10-28T10:00:00Z'), sprint(3, 'closed', '2026-11-11T10:00:00Z')];

function issue(key: string, points: unknown, sprintIds: [number, string][], status: [string, string], resolved: string | null): JiraIssueJson {
  return {
    key,
    fields: {
      pts: points,
      spr: sprintIds.map(([id, state]) => ({ id, name: `S${id}`, state })),
      status: { name: status[0], statusCategory: { key: status[1] } },
      resolutiondate: resolved,
    },
  };
}

describe('computeClosedSprintPoints', () => {
  it('credits each done issue once, to the sprint it was finished in', () => {
    const issues = [
      issue('T-1', 5, [[1, 'closed']], ['Done', 'done'], '2026-10-10T00:00:00.000+0000'),
      // Carried over from S1 into S2 and finished there.
      issue('T-2', 3, [[1, 'closed'], [2, 'closed']], ['Done', 'done'], '2026-10-20T00:00:00.000+0000'),
      // Listed in S2 and S3 but resolved during S2 (moved on after being done): S2.
      issue('T-3', 2, [[2, 'closed'], [3, 'closed']], ['Done', 'done'], '2026-10-27T00:00:00.000+0000'),
      // Finished in the active sprint: no closed sprint gets it.
      issue('T-4', 8, [[3, 'closed'], [4, 'active']], ['Done', 'done'], '2026-11-12T00:00:00.000+0000'),
      // Dropped, not delivered.
      issue('T-5', 13, [[3, 'closed']], ["Won't Do", 'done'], '2026-11-05T00:00:00.000+0000'),
      // Not done.
      issue('T-6', 1, [[3, 'closed']], ['In Progress', 'indeterminate'], null),
      // Done but unestimated: counts as an issue, adds no points.
      issue('T-7', null, [[3, 'closed']], ['Done', 'done'], '2026-11-01T00:00:00.000+0000'),
      // Unknown resolution date: its latest closed sprint.
      issue('T-8', 1, [[1, 'closed'], [3, 'closed']], ['Done', 'done'], null),
    ];
    expect(computeClosedSprintPoints(issues, fieldMap, closed).map((p) => [p.sprintId, p.completedPoints, p.completedIssues])).toEqual([
      [1, 5, 1],
      [2, 5, 2],
      [3, 1, 2],
    ]);
  });

  it('counts as unplanned what was created after its sprint started and finished in it', () => {
    const dated = [
      { ...sprint(1, 'closed', '2026-10-14T10:00:00Z'), startDate: '2026-10-01T09:00:00.000Z' },
      { ...sprint(2, 'closed', '2026-10-28T10:00:00Z'), startDate: '2026-10-15T09:00:00.000Z' },
    ];
    const created = (json: JiraIssueJson, at: string): JiraIssueJson => ({ ...json, fields: { ...(json.fields as object), created: at } });
    const issues = [
      // Planned: there before S1 started.
      created(issue('T-1', 5, [[1, 'closed']], ['Done', 'done'], '2026-10-10T00:00:00.000+0000'), '2026-09-20T00:00:00.000+0000'),
      // A defect raised during S1 and fixed in it.
      created(issue('T-2', 3, [[1, 'closed']], ['Done', 'done'], '2026-10-08T00:00:00.000+0000'), '2026-10-03T12:00:00.000+0000'),
      // Raised during S1, carried over and finished in S2: created before S2 started, so planned for S2.
      created(issue('T-3', 2, [[1, 'closed'], [2, 'closed']], ['Done', 'done'], '2026-10-20T00:00:00.000+0000'), '2026-10-05T00:00:00.000+0000'),
      // Raised and finished in S2, unestimated: one unplanned issue, no points.
      created(issue('T-4', null, [[2, 'closed']], ['Done', 'done'], '2026-10-21T00:00:00.000+0000'), '2026-10-16T00:00:00.000+0000'),
      // No creation date: not counted as unplanned.
      issue('T-5', 8, [[2, 'closed']], ['Done', 'done'], '2026-10-22T00:00:00.000+0000'),
    ];
    expect(computeClosedSprintPoints(issues, fieldMap, dated).map((p) => [p.sprintId, p.completedPoints, p.unplannedPoints, p.unplannedIssues])).toEqual([
      [1, 8, 3, 1],
      [2, 10, 0, 1],
    ]);
    // A sprint without a start date cannot tell: nothing is unplanned there.
    expect(computeClosedSprintPoints(issues, fieldMap, closed).every((p) => p.unplannedIssues === 0)).toBe(true);
  });

  it('takes the latest closed sprints by completion', () => {
    const sprints = [sprint(9, 'closed', '2026-09-01T00:00:00Z'), ...closed, sprint(4, 'active', null)];
    expect(lastClosedSprints(sprints, 2).map((s) => s.id)).toEqual([2, 3]);
  });
});
