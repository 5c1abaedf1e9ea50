/**
 * Every platform endpoint the app uses, answered by the demo site, validated against Atlassian's
 * Jira Cloud platform OpenAPI description (../shared/jira-openapi/jira-platform.v3.json).
 */
import { type DemoSite, FIELD_IDS, startDemoSite } from '../demo-site';
import { call } from './client';
import { componentRef, operationErrors, responseSchemaRef, schemaErrors } from './openapi';

let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite({ seed: 7, scale: 400 });
});
afterAll(() => site.close());

const ALL_FIELDS = [
  'summary', 'issuetype', 'labels', 'components', 'status', 'created', 'updated', 'resolutiondate', 'parent', 'issuelinks',
  'fixVersions', 'description', 'project', FIELD_IDS.storyPointEstimate, FIELD_IDS.sprint, FIELD_IDS.rank,
  FIELD_IDS.businessValue, FIELD_IDS.timeCriticality, FIELD_IDS.riskReduction, FIELD_IDS.jobSize, FIELD_IDS.acceptanceCriteria,
];

/**
 * IssueBean declares `fields` as a free-form map, so the field values are validated one by one against the
 * component schemas Jira documents for them. Issue links are checked as LinkedIssue + IssueLinkType:
 * the IssueLink schema requires both ends, but inside an issue's `issuelinks` Jira sends only the other end.
 */
function fieldValueErrors(fields: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const check = (name: string, value: unknown, where: string): void => {
    errors.push(...schemaErrors(componentRef('platform', name), value).map((e) => `${where}: ${e}`));
  };
  if (fields.status) check('StatusDetails', fields.status, 'status');
  if (fields.issuetype) check('IssueTypeDetails', fields.issuetype, 'issuetype');
  if (fields.project) check('ProjectDetails', fields.project, 'project');
  for (const v of (fields.fixVersions as unknown[] | undefined) ?? []) check('Version', v, 'fixVersions');
  for (const c of (fields.components as unknown[] | undefined) ?? []) check('ProjectComponent', c, 'components');
  if (fields.parent) check('LinkedIssue', fields.parent, 'parent');
  for (const link of (fields.issuelinks as Record<string, unknown>[] | undefined) ?? []) {
    check('IssueLinkType', link.type, 'issuelinks.type');
    check('LinkedIssue', link.inwardIssue ?? link.outwardIssue, 'issuelinks.issue');
  }
  return errors;
}

test('the validator rejects what the description forbids (so the checks below can fail)', () => {
  expect(operationErrors('platform', '/rest/api/3/search/jql', 'post', 200, { issues: [], isLast: 'no', total: 3 })).not.toEqual([]);
  expect(schemaErrors(componentRef('platform', 'StatusDetails'), { statusCategory: { id: 'x' } })).not.toEqual([]);
});

describe('platform endpoints match the OpenAPI description', () => {
  test('GET /rest/api/3/myself', async () => {
    const reply = await call(site, site.po, 'GET', '/rest/api/3/myself');
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', '/rest/api/3/myself', 'get', 200, reply.body)).toEqual([]);
    expect(reply.body).toMatchObject({ accountId: site.po.accountId, emailAddress: 'po@demo.test', displayName: site.po.displayName });
  });

  test('GET /rest/api/3/field', async () => {
    const reply = await call(site, site.po, 'GET', '/rest/api/3/field');
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', '/rest/api/3/field', 'get', 200, reply.body)).toEqual([]);
  });

  test('POST /rest/api/3/search/jql with every field the app reads', async () => {
    const linked = site.view.links().slice(0, 20).map((l) => l.sourceKey);
    const withParent = site.view.issues().filter((i) => i.parentKey !== null).slice(0, 20).map((i) => i.key);
    const reply = await call(site, site.po, 'POST', '/rest/api/3/search/jql', {
      jql: `key in (${[...linked, ...withParent].join(', ')}) ORDER BY Rank ASC`,
      fields: ALL_FIELDS,
      maxResults: 100,
    });
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', '/rest/api/3/search/jql', 'post', 200, reply.body)).toEqual([]);
    const issues = (reply.body as { issues: { fields: Record<string, unknown> }[] }).issues;
    expect(issues.length).toBe(new Set([...linked, ...withParent]).size);
    expect(issues.flatMap((i) => fieldValueErrors(i.fields))).toEqual([]);
    // the sample covers the shapes that matter: links, parents, versions on parents
    expect(issues.some((i) => (i.fields.issuelinks as unknown[]).length > 0)).toBe(true);
    expect(issues.some((i) => i.fields.parent !== undefined)).toBe(true);
  });

  test('POST /rest/api/3/issue/bulkfetch: by id or key, ascending id, hidden and unknown ones left out, at most 100', async () => {
    const path = '/rest/api/3/issue/bulkfetch';
    const orion = site.view.rankOrder('ORION').slice(0, 30);
    const lyra = site.view.rankOrder('LYRA').slice(0, 2);
    const ids = orion.slice(0, 10).map((k) => site.view.issue(k)!.id);
    const asked = [...ids, ...orion.slice(10).map((k) => k.toLowerCase()), ...lyra, 'ORION-999999'];
    const reply = await call(site, site.dev, 'POST', path, { issueIdsOrKeys: asked, fields: ALL_FIELDS });
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', path, 'post', 200, reply.body)).toEqual([]);
    const body = reply.body as { issues: { id: string; key: string; fields: Record<string, unknown> }[]; issueErrors: unknown[] };
    // The developer cannot browse LYRA: its issues are left out, like the key that does not exist.
    expect(body.issues.map((i) => i.key).sort()).toEqual([...orion].sort());
    expect(body.issues.map((i) => Number(i.id))).toEqual(body.issues.map((i) => Number(i.id)).sort((a, b) => a - b));
    expect(body.issueErrors).toEqual([]);
    expect(body.issues.flatMap((i) => fieldValueErrors(i.fields))).toEqual([]);

    const keyOnly = await call(site, site.po, 'POST', path, { issueIdsOrKeys: orion.slice(0, 2), fields: ['summary'] });
    expect(Object.keys((keyOnly.body as { issues: { fields: object }[] }).issues[0]!.fields)).toEqual(['summary']);
    const tooMany = await call(site, site.po, 'POST', path, { issueIdsOrKeys: site.view.rankOrder('ORION').slice(0, 101) });
    expect(tooMany.status).toBe(400);
    expect(schemaErrors(componentRef('platform', 'ErrorCollection'), tooMany.body)).toEqual([]);
    expect((await call(site, site.po, 'POST', path, { issueIdsOrKeys: [] })).status).toBe(400);

    site.faults.bulkFetchIssueErrors(3);
    const erring = await call(site, site.po, 'POST', path, { issueIdsOrKeys: orion.slice(0, 5), fields: ['summary'] });
    expect(operationErrors('platform', path, 'post', 200, erring.body)).toEqual([]);
    const errBody = erring.body as { issues: unknown[]; issueErrors: { id: string; errorMessage: string }[] };
    expect([errBody.issues.length, errBody.issueErrors.length]).toEqual([2, 3]);
  });

  test('GET /rest/api/3/search/jql (query form)', async () => {
    const reply = await call(site, site.po, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('issuetype = Feature ORDER BY Rank ASC')}&fields=summary,fixVersions,labels&maxResults=5`);
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', '/rest/api/3/search/jql', 'get', 200, reply.body)).toEqual([]);
  });

  test('POST /rest/api/3/search/approximate-count', async () => {
    const reply = await call(site, site.po, 'POST', '/rest/api/3/search/approximate-count', { jql: 'project = ORION' });
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', '/rest/api/3/search/approximate-count', 'post', 200, reply.body)).toEqual([]);
  });

  test('GET /rest/api/3/mypermissions', async () => {
    const reply = await call(site, site.po, 'GET', '/rest/api/3/mypermissions?projectKey=ORION&permissions=BROWSE_PROJECTS,ADMINISTER_PROJECTS,EDIT_ISSUES,SCHEDULE_ISSUES');
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', '/rest/api/3/mypermissions', 'get', 200, reply.body)).toEqual([]);
  });

  test('GET /rest/api/3/mypermissions without a project: Jira\'s global ADMINISTER (the admin page)', async () => {
    for (const [user, has] of [[site.po, true], [site.dev, false]] as const) {
      const reply = await call(site, user, 'GET', '/rest/api/3/mypermissions?permissions=ADMINISTER');
      expect(reply.status).toBe(200);
      expect(operationErrors('platform', '/rest/api/3/mypermissions', 'get', 200, reply.body)).toEqual([]);
      expect(reply.body).toMatchObject({ permissions: { ADMINISTER: { key: 'ADMINISTER', type: 'GLOBAL', havePermission: has } } });
    }
  });

  test('GET /rest/api/3/myself?expand=groups,applicationRoles lists the user\'s own groups', async () => {
    const expanded = await call(site, site.dev, 'GET', '/rest/api/3/myself?expand=groups,applicationRoles');
    expect(expanded.status).toBe(200);
    expect(operationErrors('platform', '/rest/api/3/myself', 'get', 200, expanded.body)).toEqual([]);
    const groups = (expanded.body as { groups: { size: number; items: { name: string }[] } }).groups;
    expect(groups.items.map((g) => g.name)).toEqual(['jira-software-users', 'developers']);
    expect(groups.size).toBe(2);
    // Without the expand the wrapper keeps its size and lists nothing.
    const plain = await call(site, site.dev, 'GET', '/rest/api/3/myself');
    expect((plain.body as { groups: { size: number; items: unknown[] } }).groups).toEqual({ size: 2, items: [] });
  });

  test('GET /rest/api/3/project/{projectIdOrKey}/roledetails: the roles of an admin; 404 to anyone without Administer projects', async () => {
    const path = '/rest/api/3/project/{projectIdOrKey}/roledetails';
    const mine = await call(site, site.po, 'GET', '/rest/api/3/project/ORION/roledetails?currentMember=true');
    expect(mine.status).toBe(200);
    expect(operationErrors('platform', path, 'get', 200, mine.body)).toEqual([]);
    expect((mine.body as { name: string }[]).map((r) => r.name)).toEqual(['Administrators', 'Product Owners']);
    const all = await call(site, site.po, 'GET', '/rest/api/3/project/ORION/roledetails');
    expect(operationErrors('platform', path, 'get', 200, all.body)).toEqual([]);
    expect((all.body as unknown[]).length).toBeGreaterThan((mine.body as unknown[]).length);
    // The viewer is a "Product Owners" actor in ORION, yet may not read it (the description: Administer projects or Administer Jira).
    const viewer = site.users.find((u) => u.email === 'viewer@demo.test')!;
    const refused = await call(site, viewer, 'GET', '/rest/api/3/project/ORION/roledetails?currentMember=true');
    expect(refused.status).toBe(404);
    expect(schemaErrors(componentRef('platform', 'ErrorCollection'), refused.body)).toEqual([]);
  });

  test('GET /rest/api/3/project/{projectIdOrKey}', async () => {
    const reply = await call(site, site.po, 'GET', '/rest/api/3/project/ART');
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', '/rest/api/3/project/{projectIdOrKey}', 'get', 200, reply.body)).toEqual([]);
  });

  test('GET /rest/api/3/project/search: the software projects a user may browse, paged, in key order', async () => {
    const path = '/rest/api/3/project/search';
    const reply = await call(site, site.po, 'GET', `${path}?typeKey=software&orderBy=key&startAt=0&maxResults=2`);
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', path, 'get', 200, reply.body)).toEqual([]);
    const page = reply.body as { values: { key: string; projectTypeKey: string }[]; isLast: boolean; total: number };
    expect(page.values.map((p) => p.key)).toEqual(['LYRA', 'ORION']);
    expect(page.isLast).toBe(false);
    const rest = (await call(site, site.po, 'GET', `${path}?typeKey=software&orderBy=key&startAt=2&maxResults=2`)).body as typeof page;
    expect(rest.values.map((p) => p.key)).toEqual(['VEGA']);
    expect(rest.isLast).toBe(true);
    // The program project is a business project; the developer cannot browse LYRA, and Jira leaves it out without a word.
    const dev = (await call(site, site.dev, 'GET', `${path}?typeKey=software`)).body as typeof page;
    expect(dev.values.map((p) => p.key)).toEqual(['ORION', 'VEGA']);
  });

  test('GET /rest/api/3/issue/{issueIdOrKey}, all fields and a selection', async () => {
    const key = site.view.rankOrder('VEGA')[0];
    for (const query of ['', `?fields=${ALL_FIELDS.join(',')}`, '?fields=summary,status']) {
      const reply = await call(site, site.po, 'GET', `/rest/api/3/issue/${key}${query}`);
      expect(reply.status).toBe(200);
      expect(operationErrors('platform', '/rest/api/3/issue/{issueIdOrKey}', 'get', 200, reply.body)).toEqual([]);
      expect(fieldValueErrors((reply.body as { fields: Record<string, unknown> }).fields)).toEqual([]);
    }
  });

  test('POST /rest/api/3/issue answers CreatedIssue', async () => {
    const reply = await call(site, site.po, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'ORION' }, issuetype: { name: 'Story' }, summary: 'Split part 1', labels: ['split'], [FIELD_IDS.storyPointEstimate]: 3 },
    });
    expect(reply.status).toBe(201);
    expect(operationErrors('platform', '/rest/api/3/issue', 'post', 201, reply.body)).toEqual([]);
  });

  test('GET /rest/api/3/issueLinkType', async () => {
    const reply = await call(site, site.po, 'GET', '/rest/api/3/issueLinkType');
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', '/rest/api/3/issueLinkType', 'get', 200, reply.body)).toEqual([]);
  });

  test('GET /rest/api/3/issue/{issueIdOrKey}/transitions', async () => {
    const key = site.view.rankOrder('ORION')[0];
    const reply = await call(site, site.po, 'GET', `/rest/api/3/issue/${key}/transitions`);
    expect(reply.status).toBe(200);
    expect(operationErrors('platform', '/rest/api/3/issue/{issueIdOrKey}/transitions', 'get', 200, reply.body)).toEqual([]);
  });

  test('bodyless successes: PUT issue 204, POST transitions 204, POST issueLink 201 with no body', async () => {
    const [a, b] = site.view.rankOrder('ORION');
    const put = await call(site, site.po, 'PUT', `/rest/api/3/issue/${a}`, { update: { labels: [{ add: 'tail' }] } });
    expect([put.status, put.body]).toEqual([204, undefined]);
    const link = await call(site, site.po, 'POST', '/rest/api/3/issueLink', { type: { name: 'Blocks' }, inwardIssue: { key: a }, outwardIssue: { key: b } });
    expect([link.status, link.body]).toEqual([201, undefined]);
    const move = await call(site, site.po, 'POST', `/rest/api/3/issue/${b}/transitions`, { transition: { id: '41' } });
    expect([move.status, move.body]).toEqual([204, undefined]);
  });

  test('error answers are ErrorCollections (the description names no schema for most 400/404s; Jira sends this one)', async () => {
    const errors = [
      await call(site, site.po, 'POST', '/rest/api/3/search/jql', { jql: 'assignee = currentUser()', fields: ['summary'] }),
      await call(site, site.po, 'GET', '/rest/api/3/issue/NOPE-1'),
      await call(site, site.po, 'GET', '/rest/api/3/search?jql=project=ORION'),
      await call(site, null, 'GET', '/rest/api/3/myself'),
      await call(site, site.po, 'GET', '/rest/api/3/mypermissions?projectKey=NOPE&permissions=BROWSE_PROJECTS'),
    ];
    expect(errors.map((e) => e.status)).toEqual([400, 404, 410, 401, 404]);
    for (const e of errors) expect(schemaErrors(componentRef('platform', 'ErrorCollection'), e.body)).toEqual([]);
    // where the description does give the schema, it is ErrorCollection too
    expect(responseSchemaRef('platform', '/rest/api/3/mypermissions', 'get', 404)).toContain('mypermissions');
  });
});
