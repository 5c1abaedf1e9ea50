/**
 * The app's own fields on the demo site: listed as Forge fields, set only by the app through
 * `POST /rest/api/3/app/field/value`, served in issue reads and searched and sorted with JQL as Jira does.
 */
import { APP_FIELDS, type DemoSite, startDemoSite } from '../demo-site';
import { call, searchAll } from './client';

let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite({ seed: 11, scale: 300 });
});
afterAll(() => site.close());
beforeEach(() => site.reset());

const WSJF = APP_FIELDS.wsjf.id;
const READINESS = APP_FIELDS.readiness.id;
const idOf = (key: string) => Number(site.view.issue(key)?.id);
const orion = () => site.view.rankOrder('ORION').filter((k) => site.view.statusCategory(k) !== 'done');

async function setValues(updates: { customField: string; issueIds: number[]; value: unknown }[]) {
  return call(site, site.app, 'POST', '/rest/api/3/app/field/value', { updates });
}
async function keysFor(jql: string): Promise<string[]> {
  const pages = await searchAll(site, site.po, jql, ['key'], 100);
  return pages.flatMap((p) => p.issues.map((i) => i.key));
}

test('the field list names both fields by the app extension key, with their cf[] clause', async () => {
  const fields = (await call(site, site.po, 'GET', '/rest/api/3/field')).body as { id: string; name: string; clauseNames: string[]; schema: { type: string; custom: string } }[];
  const wsjf = fields.find((f) => f.id === WSJF);
  expect(wsjf).toMatchObject({ name: 'WSJF', schema: { type: 'number' } });
  expect(wsjf?.schema.custom).toMatch(/^ari:cloud:ecosystem::extension\/[^/]+\/[^/]+\/static\/backlog-balance-wsjf$/);
  expect(wsjf?.clauseNames).toContain('cf[10200]');
  expect(fields.find((f) => f.id === READINESS)).toMatchObject({ name: 'Readiness', schema: { type: 'string' } });
});

test('only the app may set the values; a user gets 403 and nothing changes', async () => {
  const [a] = orion();
  const refused = await call(site, site.po, 'POST', '/rest/api/3/app/field/value', { updates: [{ customField: WSJF, issueIds: [idOf(a)], value: 9 }] });
  expect(refused.status).toBe(403);
  expect(site.view.issue(a)?.appValues).toBeUndefined();
  expect((await setValues([{ customField: WSJF, issueIds: [idOf(a)], value: 9 }])).status).toBe(204);
  const read = await call(site, site.po, 'GET', `/rest/api/3/issue/${a}?fields=${WSJF},${READINESS}`);
  expect((read.body as { fields: Record<string, unknown> }).fields).toEqual({ [WSJF]: 9, [READINESS]: null });
});

test('a wrong value type, an unknown field or a repeated pair refuses the whole request', async () => {
  const [a, b] = orion();
  expect((await setValues([{ customField: WSJF, issueIds: [idOf(a)], value: 'high' }])).status).toBe(400);
  expect((await setValues([{ customField: 'customfield_99999', issueIds: [idOf(a)], value: 1 }])).status).toBe(404);
  const repeated = await setValues([
    { customField: WSJF, issueIds: [idOf(b)], value: 1 },
    { customField: WSJF, issueIds: [idOf(b)], value: 2 },
  ]);
  expect(repeated.status).toBe(400);
  expect(site.view.issue(a)?.appValues).toBeUndefined();
  expect(site.view.issue(b)?.appValues).toBeUndefined();
});

test('"WSJF" > 5 ORDER BY "WSJF" DESC: empty values excluded by the comparison; Readiness by exact text, words and cf[]', async () => {
  const [a, b, c, d] = orion();
  await setValues([
    { customField: WSJF, issueIds: [idOf(a)], value: 5 },
    { customField: WSJF, issueIds: [idOf(b)], value: 7.5 },
    { customField: WSJF, issueIds: [idOf(c)], value: 12 },
    { customField: READINESS, issueIds: [idOf(a), idOf(c)], value: 'Ready' },
    { customField: READINESS, issueIds: [idOf(b)], value: 'Not ready: no estimate, too big' },
  ]);
  expect(await keysFor('project = ORION AND "WSJF" > 5 ORDER BY "WSJF" DESC')).toEqual([c, b]);
  expect(await keysFor('project = ORION AND cf[10200] >= 5 ORDER BY cf[10200] ASC')).toEqual([a, b, c]);
  expect(await keysFor('project = ORION AND WSJF != 5')).toEqual(orion().filter((k) => k === b || k === c));
  expect(await keysFor('project = ORION AND Readiness = "Ready"')).toEqual(orion().filter((k) => k === a || k === c));
  expect(await keysFor('project = ORION AND Readiness ~ "too big"')).toEqual([b]);
  expect(await keysFor('project = ORION AND Readiness is EMPTY')).not.toContain(a);
  expect(await keysFor('project = ORION AND Readiness is EMPTY')).toContain(d);
  // Sorting by the field lists the scored issues first, the unscored after them in rank order.
  const all = await keysFor('project = ORION AND statusCategory != Done ORDER BY "WSJF" DESC');
  expect(all.slice(0, 3)).toEqual([c, b, a]);
  expect(all.slice(3)).toEqual(orion().filter((k) => ![a, b, c].includes(k)));
});

test('a site without the app fields answers JQL on them as Jira does for an unknown field', async () => {
  const bare = await startDemoSite({ seed: 11, scale: 200, quirks: { noAppFields: true } });
  try {
    const fields = (await call(bare, bare.po, 'GET', '/rest/api/3/field')).body as { id: string }[];
    expect(fields.some((f) => f.id === WSJF)).toBe(false);
    const search = await call(bare, bare.po, 'POST', '/rest/api/3/search/jql', { jql: 'project = ORION AND "WSJF" > 5', fields: ['key'] });
    expect(search.status).toBe(400);
    const write = await call(bare, bare.app, 'POST', '/rest/api/3/app/field/value', { updates: [{ customField: WSJF, issueIds: [1], value: 1 }] });
    expect(write.status).toBe(404);
  } finally {
    await bare.close();
  }
});
