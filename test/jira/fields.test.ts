import { resolveFieldMap, discoverFields, type JiraFieldInfo } from '../../src/jira/fields';
import { createJiraHttp } from '../../src/jira/http';
import { EstimatesInTimeError, MappedFieldMissingError, StoryPointsFieldNotFoundError } from '../../src/jira/errors';
import { fakeJira, reply } from './fakeJira';

const f = (id: string, name: string, schemaType: string | null = 'number'): JiraFieldInfo => ({ id, name, custom: id.startsWith('customfield'), schemaType, schemaCustom: null });

const common = [
  f('summary', 'Summary', 'string'),
  f('customfield_10020', 'Sprint', 'array'),
  f('customfield_10100', 'Business Value'),
  f('customfield_10101', 'Time Criticality'),
  f('customfield_10102', 'RR|OE'),
  f('customfield_10103', 'Job Size'),
  f('customfield_10104', 'Acceptance Criteria', 'string'),
];

describe('field discovery', () => {
  it('finds "Story Points" by name', () => {
    const map = resolveFieldMap([...common, f('customfield_10002', 'Story Points')]);
    expect(map).toEqual({
      storyPoints: 'customfield_10002',
      sprint: 'customfield_10020',
      businessValue: 'customfield_10100',
      timeCriticality: 'customfield_10101',
      riskReduction: 'customfield_10102',
      jobSize: 'customfield_10103',
      acceptanceCriteria: 'customfield_10104',
    });
  });

  it('finds "Story point estimate" by name, and prefers it when both exist', () => {
    expect(resolveFieldMap([...common, f('customfield_10016', 'Story point estimate')]).storyPoints).toBe('customfield_10016');
    expect(resolveFieldMap([f('customfield_10002', 'Story Points'), f('customfield_10016', 'Story point estimate')]).storyPoints).toBe('customfield_10016');
  });

  it('prefers the board estimation field, and an admin override above all', () => {
    const fields = [...common, f('customfield_10002', 'Story Points'), f('customfield_10016', 'Story point estimate'), f('customfield_10300', 'Team Points')];
    expect(resolveFieldMap(fields, {}, 'customfield_10002').storyPoints).toBe('customfield_10002');
    expect(resolveFieldMap(fields, { storyPoints: 'customfield_10300' }, 'customfield_10002').storyPoints).toBe('customfield_10300');
    expect(resolveFieldMap(fields, { storyPoints: 'Team Points', jobSize: 'customfield_10016' }).jobSize).toBe('customfield_10016');
    // A board that estimates in time is refused (seconds are not points, and a points field found by name may
    // well be empty there) until the PO maps a field; with one mapped, the mapping counts.
    expect(() => resolveFieldMap(fields, {}, 'timeoriginalestimate')).toThrow(EstimatesInTimeError);
    expect(resolveFieldMap(fields, { storyPoints: 'customfield_10016' }, 'timeoriginalestimate').storyPoints).toBe('customfield_10016');
  });

  it('tells the PO to map the field in Settings when there is none', () => {
    expect(() => resolveFieldMap(common)).toThrow(StoryPointsFieldNotFoundError);
    expect(() => resolveFieldMap(common)).toThrow('Story points field not found: map it in Settings');
  });

  it('reports an override that no longer exists', () => {
    expect(() => resolveFieldMap([...common, f('customfield_10002', 'Story Points')], { businessValue: 'customfield_999' })).toThrow(MappedFieldMissingError);
  });

  it('leaves unmapped optional fields null', () => {
    const map = resolveFieldMap([f('customfield_10016', 'Story point estimate')]);
    expect(map).toMatchObject({ sprint: null, businessValue: null, riskReduction: null, acceptanceCriteria: null });
  });

  it('reads /rest/api/3/field', async () => {
    const jira = fakeJira(() =>
      reply(200, [
        { id: 'customfield_10016', name: 'Story point estimate', custom: true, schema: { type: 'number' } },
        { id: 'customfield_10020', name: 'Sprint', custom: true, schema: { type: 'array' } },
        { bogus: true },
      ]),
    );
    const map = await discoverFields(createJiraHttp(jira.requestJira));
    expect(map.storyPoints).toBe('customfield_10016');
    expect(map.sprint).toBe('customfield_10020');
    expect(jira.calls.map((c) => c.path)).toEqual(['/rest/api/3/field']);
  });
});
