import { route } from '../../src/jira/route';
import { UnsafeRouteError } from '../../src/jira/errors';
import { assertIssueKey, assertProjectKey, jqlKeyIn, jqlProjectIn, jqlUpdatedSince, formatJqlDateTime } from '../../src/jira/jql';
import { InvalidJiraKeyError } from '../../src/jira/errors';

describe('route', () => {
  it('encodes path segments so slashes, queries and fragments stay inside the segment', () => {
    expect(route`/rest/api/3/issue/${'A/../../admin'}`.value).toBe('/rest/api/3/issue/A%2F..%2F..%2Fadmin');
    expect(route`/rest/api/3/issue/${'X-1?expand=all&x=1'}`.value).toBe('/rest/api/3/issue/X-1%3Fexpand%3Dall%26x%3D1');
    expect(route`/rest/api/3/issue/${'has space#frag'}`.value).toBe('/rest/api/3/issue/has%20space%23frag');
  });

  it('refuses dot segments and empty segments that would change the endpoint', () => {
    expect(() => route`/rest/api/3/issue/${'..'}`).toThrow(UnsafeRouteError);
    expect(() => route`/rest/api/3/issue/${'.'}/transitions`).toThrow(UnsafeRouteError);
    expect(() => route`/rest/api/3/issue/${''}`).toThrow(UnsafeRouteError);
    expect(() => route`/rest/agile/1.0/board/${Number.NaN}`).toThrow(UnsafeRouteError);
  });

  it('encodes query values so user text cannot add parameters', () => {
    const built = route`/rest/agile/1.0/board?projectKeyOrId=${'ABC&type=kanban'}&type=scrum`;
    expect(built.value).toBe('/rest/agile/1.0/board?projectKeyOrId=ABC%26type%3Dkanban&type=scrum');
    const params = new URL(`http://x${built.value}`).searchParams;
    expect(params.getAll('type')).toEqual(['scrum']);
    expect(params.get('projectKeyOrId')).toBe('ABC&type=kanban');
  });

  it('leaves plain keys and numbers readable', () => {
    expect(route`/rest/api/3/issue/${'TEAM-12'}/transitions`.value).toBe('/rest/api/3/issue/TEAM-12/transitions');
    expect(route`/rest/agile/1.0/sprint/${42}/issue`.value).toBe('/rest/agile/1.0/sprint/42/issue');
  });
});

describe('JQL from validated keys only', () => {
  it.each(['abc', 'A B', 'A") OR project in ("B', '../X', 'A&B', '', '1AB'])('rejects project key %j', (key) => {
    expect(() => assertProjectKey(key)).toThrow(InvalidJiraKeyError);
    expect(() => jqlProjectIn([key])).toThrow(InvalidJiraKeyError);
  });

  it.each(['ABC', 'ABC-0', 'ABC-1 OR key=X-1', 'abc-1', 'ABC-1"', '../ABC-1'])('rejects issue key %j', (key) => {
    expect(() => assertIssueKey(key)).toThrow(InvalidJiraKeyError);
    expect(() => jqlKeyIn([key])).toThrow(InvalidJiraKeyError);
  });

  it('quotes keys, so a key that is a JQL word stays a value', () => {
    expect(jqlProjectIn(['TEAM', 'AND'])).toBe('project in ("TEAM", "AND")');
    expect(jqlKeyIn(['OR-1', 'TEAM_2-30'])).toBe('key in ("OR-1", "TEAM_2-30")');
  });

  it('writes updated-since in the user time zone at minute precision', () => {
    const instant = new Date('2026-01-31T23:30:45Z');
    expect(formatJqlDateTime(instant, 'UTC')).toBe('2026-01-31 23:30');
    expect(formatJqlDateTime(instant, 'Europe/Berlin')).toBe('2026-02-01 00:30');
    expect(jqlUpdatedSince(instant, 'UTC')).toBe('updated >= "2026-01-31 23:30"');
  });
});
