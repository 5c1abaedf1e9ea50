/**
 * Agile endpoints and writes. Responses are validated against jira-software.json where it has schemas
 * (board list, board configuration). That copy (2023) documents board sprints and the 207 rank answer
 * only by example, so those are validated against schemas written here from the examples, and the
 * example itself is checked against the same schema to keep the two honest.
 */
import { type DemoSite, FIELD_IDS, startDemoSite } from '../demo-site';
import { call, searchAll } from './client';
import { operationErrors, responseSchemaRef } from './openapi';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';

let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite({ seed: 5 });
});
afterAll(() => site.close());
beforeEach(() => site.reset());

const software = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../shared/jira-openapi/jira-software.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>>;
};
const example = (p: string, method: string, status: string): unknown => {
  const raw = software.paths[p][method].responses[status].content?.['application/json']?.example;
  return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw; // the description stores examples as JSON text
};

const sprintSchema = {
  type: 'object',
  required: ['id', 'self', 'state', 'name'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer' }, self: { type: 'string' }, state: { enum: ['active', 'future', 'closed'] }, name: { type: 'string' },
    startDate: { type: 'string' }, endDate: { type: 'string' }, completeDate: { type: 'string' }, originBoardId: { type: 'integer' }, goal: { type: 'string' },
  },
};
const sprintPageSchema = {
  type: 'object',
  required: ['maxResults', 'startAt', 'isLast', 'values'],
  additionalProperties: false,
  properties: { maxResults: { type: 'integer' }, startAt: { type: 'integer' }, total: { type: 'integer' }, isLast: { type: 'boolean' }, values: { type: 'array', items: sprintSchema } },
};
const rankEntriesSchema = {
  type: 'object',
  required: ['entries'],
  additionalProperties: false,
  properties: {
    entries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['issueId', 'issueKey', 'status'],
        additionalProperties: false,
        properties: { issueId: { type: 'integer' }, issueKey: { type: 'string' }, status: { type: 'integer' }, errors: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};
const ajv = new Ajv({ allErrors: true });
const validSprintPage = ajv.compile(sprintPageSchema);
const validRankEntries = ajv.compile(rankEntriesSchema);

describe('Agile responses', () => {
  test('example-derived schemas accept the description\'s own examples', () => {
    expect(responseSchemaRef('software', '/rest/agile/1.0/board/{boardId}/sprint', 'get', 200)).toBeNull();
    expect(validSprintPage(example('/rest/agile/1.0/board/{boardId}/sprint', 'get', '200'))).toBe(true);
    expect(validRankEntries(example('/rest/agile/1.0/issue/rank', 'put', '207'))).toBe(true);
  });

  test('GET board?projectKeyOrId=K&type=scrum', async () => {
    const reply = await call(site, site.po, 'GET', '/rest/agile/1.0/board?projectKeyOrId=VEGA&type=scrum');
    expect(reply.status).toBe(200);
    expect(operationErrors('software', '/rest/agile/1.0/board', 'get', 200, reply.body)).toEqual([]);
    expect((reply.body as { values: { id: number }[] }).values.map((b) => b.id)).toEqual([2]);
  });

  test('GET board/{id}/configuration names the estimation and rank fields', async () => {
    const reply = await call(site, site.po, 'GET', '/rest/agile/1.0/board/1/configuration');
    expect(reply.status).toBe(200);
    expect(operationErrors('software', '/rest/agile/1.0/board/{boardId}/configuration', 'get', 200, reply.body)).toEqual([]);
    expect(reply.body).toMatchObject({ estimation: { field: { fieldId: FIELD_IDS.storyPointEstimate } }, ranking: { rankCustomFieldId: 10019 } });
  });

  test('GET board/{id}/sprint?state=... pages with isLast', async () => {
    const all = await call(site, site.po, 'GET', '/rest/agile/1.0/board/3/sprint?state=active,future,closed');
    expect(validSprintPage(all.body)).toBe(true);
    const values = (all.body as { values: { state: string }[] }).values;
    expect(values.filter((s) => s.state === 'closed').length).toBeGreaterThanOrEqual(6);
    expect(values.filter((s) => s.state === 'active')).toHaveLength(1);
    expect(values.filter((s) => s.state === 'future')).toHaveLength(2);
    const paged = await call(site, site.po, 'GET', '/rest/agile/1.0/board/3/sprint?state=closed&startAt=0&maxResults=5');
    expect(paged.body).toMatchObject({ isLast: false, maxResults: 5 });
    expect((await call(site, site.dev, 'GET', '/rest/agile/1.0/board/3/sprint')).status).toBe(404);
  });
});

describe('rank', () => {
  test('ranks a batch before an issue, keeping the batch order, and bumps updated', async () => {
    const order = site.view.rankOrder('ORION');
    const batch = [order[30], order[10], order[20]];
    const anchor = order[2];
    const before = site.view.issue(order[10])?.updated;
    const reply = await call(site, site.po, 'PUT', '/rest/agile/1.0/issue/rank', { issues: batch, rankBeforeIssue: anchor, rankCustomFieldId: 10019 });
    expect(reply.status).toBe(204);
    const after = site.view.rankOrder('ORION');
    expect(after.slice(2, 6)).toEqual([...batch, anchor]);
    expect(site.view.issue(order[10])?.updated).not.toEqual(before);
    const search = await call(site, site.po, 'POST', '/rest/api/3/search/jql', { jql: 'project = ORION ORDER BY Rank ASC', fields: ['summary'], maxResults: 6 });
    expect((search.body as { issues: { key: string }[] }).issues.map((i) => i.key)).toEqual(after.slice(0, 6));
  });

  test('a series of rank moves matches a list model, and search follows the stored ranks', async () => {
    let model = site.view.rankOrder('LYRA').slice(0, 120);
    const byRank = (): string[] => site.view.issues().sort((a, b) => (a.rank < b.rank ? -1 : 1)).map((i) => i.key);
    let seed = 17;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let step = 0; step < 25; step++) {
      const anchor = model[next(model.length)];
      const pool = model.filter((k) => k !== anchor);
      const batch = [...new Set(Array.from({ length: 1 + next(8) }, () => pool[next(pool.length)]))];
      const before = next(2) === 0;
      const reply = await call(site, site.po, 'PUT', '/rest/agile/1.0/issue/rank', { issues: batch, [before ? 'rankBeforeIssue' : 'rankAfterIssue']: anchor });
      expect(reply.status).toBe(204);
      const rest = model.filter((k) => !batch.includes(k));
      const at = rest.indexOf(anchor) + (before ? 0 : 1);
      model = [...rest.slice(0, at), ...batch, ...rest.slice(at)];
    }
    expect(site.view.rankOrder('LYRA').slice(0, 120)).toEqual(model);
    expect(site.view.rankOrder()).toEqual(byRank());
    const pages = await searchAll(site, site.po, 'project = LYRA ORDER BY Rank ASC', ['summary'], 100);
    expect(pages.flatMap((p) => p.issues.map((i) => i.key)).slice(0, 120)).toEqual(model);
  });

  test('rankAfterIssue puts the batch right after the anchor', async () => {
    const order = site.view.rankOrder('VEGA');
    await call(site, site.po, 'PUT', '/rest/agile/1.0/issue/rank', { issues: [order[0], order[1]], rankAfterIssue: order[5] });
    const after = site.view.rankOrder('VEGA');
    expect(after.slice(3, 6)).toEqual([order[5], order[0], order[1]]);
  });

  test('more than 50 issues answer 400 and change nothing', async () => {
    const order = site.view.rankOrder('ORION');
    const reply = await call(site, site.po, 'PUT', '/rest/agile/1.0/issue/rank', { issues: order.slice(1, 52), rankBeforeIssue: order[0] });
    expect(reply.status).toBe(400);
    expect(site.view.rankOrder('ORION')).toEqual(order);
  });

  test('a partial failure answers 207 with per-issue entries; failed issues stay put', async () => {
    const order = site.view.rankOrder('ORION');
    site.faults.failRankPartially({ keys: [order[12]] });
    const reply = await call(site, site.po, 'PUT', '/rest/agile/1.0/issue/rank', { issues: [order[11], order[12], order[13]], rankBeforeIssue: order[0] });
    expect(reply.status).toBe(207);
    expect(validRankEntries(reply.body)).toBe(true);
    const entries = (reply.body as { entries: { issueKey: string; status: number }[] }).entries;
    expect(entries.map((e) => [e.issueKey, e.status])).toEqual([[order[11], 200], [order[12], 503], [order[13], 200]]);
    const after = site.view.rankOrder('ORION');
    expect(after.slice(0, 3)).toEqual([order[11], order[13], order[0]]);
    expect(after.indexOf(order[12])).toBeGreaterThan(after.indexOf(order[11]) + 2);
    // the switch is used up: the retry succeeds
    expect((await call(site, site.po, 'PUT', '/rest/agile/1.0/issue/rank', { issues: [order[12]], rankAfterIssue: order[11] })).status).toBe(204);
  });

  test('a user without Schedule Issues gets 403', async () => {
    const order = site.view.rankOrder('ORION');
    const viewer = site.users.find((u) => u.email === 'viewer@demo.test');
    if (!viewer) throw new Error('viewer missing');
    expect((await call(site, viewer, 'PUT', '/rest/agile/1.0/issue/rank', { issues: [order[1]], rankBeforeIssue: order[0] })).status).toBe(403);
  });
});

describe('sprints and backlog', () => {
  test('moves issues into a future sprint and back to the backlog; closed sprints stay in the field', async () => {
    const future = site.view.sprints(1).filter((s) => s.state === 'future')[0];
    const backlog = site.view.issues().filter((i) => i.projectKey === 'ORION' && i.sprintIds.length === 0 && i.resolutiondate === null).slice(0, 3).map((i) => i.key);
    const carried = site.view.issues().find((i) => i.projectKey === 'ORION' && i.sprintIds.length === 1 && site.view.sprints(1).find((s) => s.id === i.sprintIds[0])?.state === 'closed' && i.resolutiondate === null);
    const keys = carried ? [...backlog, carried.key] : backlog;
    expect((await call(site, site.po, 'POST', `/rest/agile/1.0/sprint/${future.id}/issue`, { issues: keys })).status).toBe(204);
    expect(site.view.sprintIssueKeys(future.id)).toEqual(expect.arrayContaining(keys));
    if (carried) expect(site.view.issue(carried.key)?.sprintIds).toEqual([...carried.sprintIds, future.id]);
    const field = await call(site, site.po, 'GET', `/rest/api/3/issue/${keys[0]}?fields=${FIELD_IDS.sprint}`);
    expect((field.body as { fields: Record<string, { id: number; state: string; boardId: number }[]> }).fields[FIELD_IDS.sprint]).toEqual([
      expect.objectContaining({ id: future.id, state: 'future', boardId: 1 }),
    ]);
    expect((await call(site, site.po, 'POST', '/rest/agile/1.0/backlog/issue', { issues: keys })).status).toBe(204);
    expect(site.view.sprintIssueKeys(future.id).filter((k) => keys.includes(k))).toEqual([]);
    if (carried) expect(site.view.issue(carried.key)?.sprintIds).toEqual(carried.sprintIds);
  });

  test('more than 50 issues, or a closed sprint, answer 400', async () => {
    const keys = site.view.rankOrder('ORION').slice(0, 51);
    const future = site.view.sprints(1).filter((s) => s.state === 'future')[0];
    const closed = site.view.sprints(1).filter((s) => s.state === 'closed')[0];
    expect((await call(site, site.po, 'POST', `/rest/agile/1.0/sprint/${future.id}/issue`, { issues: keys })).status).toBe(400);
    expect((await call(site, site.po, 'POST', '/rest/agile/1.0/backlog/issue', { issues: keys })).status).toBe(400);
    expect((await call(site, site.po, 'POST', `/rest/agile/1.0/sprint/${closed.id}/issue`, { issues: keys.slice(0, 2) })).status).toBe(400);
  });
});

describe('platform writes', () => {
  test('create a story under a feature, then link it to the original (inwardIssue blocks outwardIssue)', async () => {
    const feature = site.view.issues().find((i) => i.issueType === 'Feature') ;
    const original = site.view.rankOrder('ORION')[0];
    const created = await call(site, site.po, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'ORION' }, issuetype: { name: 'Story' }, summary: 'Part 1', parent: { key: feature?.key }, [FIELD_IDS.storyPointEstimate]: 5, labels: ['split'] },
    });
    expect(created.status).toBe(201);
    const key = (created.body as { key: string }).key;
    expect(site.view.issue(key)).toMatchObject({ points: 5, parentKey: feature?.key, labels: ['split'], projectKey: 'ORION' });
    expect(site.view.rankOrder().at(-1)).toBe(key);
    expect((await call(site, site.po, 'POST', '/rest/api/3/issueLink', { type: { name: 'Blocks' }, inwardIssue: { key }, outwardIssue: { key: original } })).status).toBe(201);
    const links = await call(site, site.po, 'GET', `/rest/api/3/issue/${key}?fields=issuelinks`);
    const issuelinks = (links.body as { fields: { issuelinks: { outwardIssue?: { key: string }; type: { name: string } }[] } }).fields.issuelinks;
    expect(issuelinks).toEqual([expect.objectContaining({ type: expect.objectContaining({ name: 'Blocks' }), outwardIssue: expect.objectContaining({ key: original }) })]);
  });

  test('edit fields and labels, with Jira errors for unknown fields', async () => {
    const key = site.view.rankOrder('VEGA')[0];
    const before = site.view.issue(key);
    const reply = await call(site, site.po, 'PUT', `/rest/api/3/issue/${key}`, { fields: { [FIELD_IDS.businessValue]: 8, [FIELD_IDS.jobSize]: 3 }, update: { labels: [{ add: 'tail' }] } });
    expect(reply.status).toBe(204);
    const after = site.view.issue(key);
    expect(after).toMatchObject({ businessValue: 8, jobSize: 3, labels: [...(before?.labels ?? []), 'tail'] });
    expect(Date.parse(after?.updated ?? '')).toBeGreaterThan(Date.parse(before?.updated ?? ''));
    const bad = await call(site, site.po, 'PUT', `/rest/api/3/issue/${key}`, { fields: { customfield_99999: 1 } });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: Record<string, string> }).errors.customfield_99999).toContain('cannot be set');
    expect((await call(site, site.dev, 'PUT', `/rest/api/3/issue/${site.view.rankOrder('LYRA')[0]}`, { fields: { summary: 'x' } })).status).toBe(404);
  });

  test("transition to Won't Do resolves the issue; nothing is deleted", async () => {
    const key = site.view.issues().find((i) => i.projectKey === 'LYRA' && i.resolutiondate === null)?.key ?? '';
    const list = await call(site, site.po, 'GET', `/rest/api/3/issue/${key}/transitions`);
    const wontDo = (list.body as { transitions: { id: string; to: { name: string; statusCategory: { key: string } } }[] }).transitions.find((t) => t.to.name === "Won't Do");
    expect(wontDo?.to.statusCategory.key).toBe('done');
    expect((await call(site, site.po, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: wontDo?.id } })).status).toBe(204);
    expect(site.view.statusCategory(key)).toBe('done');
    expect(site.view.issue(key)?.resolutiondate).not.toBeNull();
    expect((await call(site, site.po, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '999' } })).status).toBe(400);
  });
});
