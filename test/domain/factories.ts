import { IssueFacts } from '../../src/domain';

/** An open, estimated, scored local story of project TEAM; override what a test is about. */
export function issue(key: string, over: Partial<IssueFacts> = {}): IssueFacts {
  return {
    key,
    projectKey: 'TEAM',
    summary: `Summary of ${key}`,
    issueType: 'Story',
    labels: [],
    components: [],
    status: 'To Do',
    statusCategory: 'new',
    created: '2026-01-01T00:00:00.000Z',
    updated: '2026-11-01T00:00:00.000Z',
    resolved: null,
    points: 3,
    rank: Number(key.replace(/\D/g, '')) || 0,
    wsjfParts: { businessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: null },
    hasAcceptanceCriteria: true,
    parent: null,
    links: [],
    sprint: null,
    ...over,
  };
}
