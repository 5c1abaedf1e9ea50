import { descriptionHasAcceptanceCriteria, fieldsForBacklog, mapFeature, mapIssueToFacts, normalizeTimestamp } from '../../src/jira/mapping';
import type { FeatureFacts, FieldMap, JiraIssueJson } from '../../src/jira/types';

const fieldMap: FieldMap = {
  storyPoints: 'customfield_10016',
  sprint: 'customfield_10020',
  businessValue: 'customfield_10100',
  timeCriticality: 'customfield_10101',
  riskReduction: 'customfield_10102',
  jobSize: 'customfield_10103',
  acceptanceCriteria: null,
};

const feature: FeatureFacts = {
  key: 'ART-7',
  projectKey: 'ART',
  summary: 'Checkout v2',
  issueType: 'Feature',
  statusCategory: 'indeterminate',
  commitments: ['PI 2026.4', 'committed'],
};

function fullIssue(): JiraIssueJson {
  return {
    id: '10001',
    key: 'TEAM-12',
    fields: {
      summary: 'Pay by invoice',
      issuetype: { name: 'Story' },
      labels: ['checkout'],
      components: [{ name: 'Payments' }, { id: 'no-name' }],
      status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
      created: '2026-03-01T10:00:00.000+0000',
      updated: '2026-11-20T08:15:00.000+0100',
      resolutiondate: null,
      assignee: { accountId: '712020:ada', displayName: 'Ada Byron', active: true },
      parent: { key: 'ART-7', fields: { summary: 'Stale summary', status: { statusCategory: { key: 'new' } } } },
      issuelinks: [
        { type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, outwardIssue: { key: 'OTHER-3', fields: { status: { statusCategory: { key: 'new' } } } } },
        { type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, inwardIssue: { key: 'PLAT-9', fields: { status: { statusCategory: { key: 'done' } } } } },
        { type: { name: 'Relates', inward: 'relates to', outward: 'relates to' }, outwardIssue: { key: 'TEAM-1' } },
      ],
      customfield_10016: 5,
      customfield_10020: [
        { id: 30, name: 'Sprint 30', state: 'closed', boardId: 1 },
        { id: 31, name: 'Sprint 31', state: 'active', boardId: 1 },
      ],
      customfield_10100: 8,
      customfield_10101: { value: '3' },
      customfield_10102: '2',
      customfield_10103: null,
      description: {
        type: 'doc',
        version: 1,
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'As a buyer...' }] },
          { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Acceptance Criteria' }] },
        ],
      },
    },
  };
}

describe('mapIssueToFacts', () => {
  it('maps every fact of a complete issue', () => {
    const facts = mapIssueToFacts(fullIssue(), 4, { fieldMap, features: new Map([[feature.key, feature]]) });
    expect(facts).toEqual({
      key: 'TEAM-12',
      projectKey: 'TEAM',
      summary: 'Pay by invoice',
      issueType: 'Story',
      labels: ['checkout'],
      components: ['Payments'],
      status: 'In Progress',
      statusCategory: 'indeterminate',
      created: '2026-03-01T10:00:00.000Z',
      updated: '2026-11-20T07:15:00.000Z',
      resolved: null,
      resolution: null,
      points: 5,
      rank: 4,
      wsjfParts: { businessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: null },
      hasAcceptanceCriteria: true,
      parent: { key: 'ART-7', projectKey: 'ART', summary: 'Checkout v2', statusCategory: 'indeterminate', commitments: ['PI 2026.4', 'committed'] },
      links: [
        { direction: 'blocks', key: 'OTHER-3', projectKey: 'OTHER', statusCategory: 'new' },
        { direction: 'blockedBy', key: 'PLAT-9', projectKey: 'PLAT', statusCategory: 'done' },
      ],
      sprint: { id: 31, name: 'Sprint 31', state: 'active' },
      // The account id only: the name is looked up when shown, never stored.
      assignee: '712020:ada',
    });
  });

  it('degrades a bare issue to nulls and empties without throwing', () => {
    const facts = mapIssueToFacts({ key: 'TEAM-1' }, 0, { fieldMap, features: new Map() });
    expect(facts.points).toBeNull();
    expect(facts.wsjfParts).toEqual({ businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null });
    expect(facts).toMatchObject({ summary: '', labels: [], links: [], parent: null, sprint: null, statusCategory: 'new', hasAcceptanceCriteria: false, resolved: null, assignee: null });
  });

  it('reads non-numeric or negative points as unestimated', () => {
    for (const value of ['five', { value: 'x' }, -3, Number.NaN, [5], true]) {
      const issue = fullIssue();
      (issue.fields as Record<string, unknown>).customfield_10016 = value;
      expect(mapIssueToFacts(issue, 0, { fieldMap, features: new Map() }).points).toBeNull();
    }
  });

  it('keeps what the issue says about a parent that could not be read, with no commitments', () => {
    const facts = mapIssueToFacts(fullIssue(), 0, { fieldMap, features: new Map() });
    expect(facts.parent).toEqual({ key: 'ART-7', projectKey: 'ART', summary: 'Stale summary', statusCategory: 'new', commitments: [] });
  });

  it('uses the acceptance-criteria field when mapped, the description otherwise', () => {
    const withField: FieldMap = { ...fieldMap, acceptanceCriteria: 'customfield_10200' };
    const issue = fullIssue();
    const fields = issue.fields as Record<string, unknown>;
    fields.description = null;
    expect(mapIssueToFacts(issue, 0, { fieldMap: withField, features: new Map() }).hasAcceptanceCriteria).toBe(false);
    fields.customfield_10200 = '   ';
    expect(mapIssueToFacts(issue, 0, { fieldMap: withField, features: new Map() }).hasAcceptanceCriteria).toBe(false);
    fields.customfield_10200 = 'Given an invoice...';
    expect(mapIssueToFacts(issue, 0, { fieldMap: withField, features: new Map() }).hasAcceptanceCriteria).toBe(true);
    expect(fieldsForBacklog(withField)).not.toContain('description');
    expect(fieldsForBacklog(fieldMap)).toContain('description');
  });

  it('finds an acceptance-criteria heading only where there is one', () => {
    const doc = (text: string, type = 'heading') => ({ type: 'doc', content: [{ type, content: [{ type: 'text', text }] }] });
    expect(descriptionHasAcceptanceCriteria(doc('Acceptance criteria'))).toBe(true);
    expect(descriptionHasAcceptanceCriteria(doc('Acceptance criteria: it works', 'paragraph'))).toBe(true);
    expect(descriptionHasAcceptanceCriteria(doc('We have no acceptance criteria yet', 'paragraph'))).toBe(false);
    expect(descriptionHasAcceptanceCriteria(doc('Notes'))).toBe(false);
    expect(descriptionHasAcceptanceCriteria(null)).toBe(false);
  });

  it('puts an open issue whose sprints all closed back in the backlog, a done one in its last sprint', () => {
    const issue = fullIssue();
    const fields = issue.fields as Record<string, unknown>;
    fields.customfield_10020 = [
      { id: 29, name: 'Sprint 29', state: 'closed' },
      { id: 30, name: 'Sprint 30', state: 'closed' },
    ];
    expect(mapIssueToFacts(issue, 0, { fieldMap, features: new Map() }).sprint).toBeNull();
    fields.status = { name: 'Done', statusCategory: { key: 'done' } };
    expect(mapIssueToFacts(issue, 0, { fieldMap, features: new Map() }).sprint).toEqual({ id: 30, name: 'Sprint 30', state: 'closed' });
  });

  it('reads a feature with fix versions and labels as commitments', () => {
    expect(
      mapFeature({
        key: 'ART-7',
        fields: { summary: 'F', issuetype: { name: 'Feature' }, status: { statusCategory: { key: 'done' } }, fixVersions: [{ name: 'PI 26.4' }], labels: ['PI 26.4', 'x'] },
      }),
    ).toEqual({ key: 'ART-7', projectKey: 'ART', summary: 'F', issueType: 'Feature', statusCategory: 'done', commitments: ['PI 26.4', 'x'] });
  });

  it('normalises Jira timestamps and rejects junk', () => {
    expect(normalizeTimestamp('2026-11-20T08:15:00.000-0230')).toBe('2026-11-20T10:45:00.000Z');
    expect(normalizeTimestamp('yesterday')).toBeNull();
    expect(normalizeTimestamp(42)).toBeNull();
  });
});
